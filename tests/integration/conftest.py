import pytest

from samsa_broker import Broker


@pytest.fixture(scope="module")
def broker():
    """One broker per test module (defaults: auto-create on, num.partitions 1)."""
    b = Broker()
    b.start()
    yield b
    b.close()


@pytest.fixture
def make_broker():
    """Factory for tests that need their own broker configuration; all are closed at the end."""
    made = []

    def make(**kw):
        b = Broker(**kw)
        made.append(b)
        return b

    yield make
    for b in made:
        b.close()
