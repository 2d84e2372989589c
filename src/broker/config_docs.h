/*
 * Documentation strings for broker and topic config names: the Documentation
 * field of DescribeConfigs v3+ responses (IncludeDocumentation). The strings
 * are static; callers never free them.
 */
#ifndef SM_CONFIG_DOCS_H
#define SM_CONFIG_DOCS_H

/* The doc string for a broker or topic config name (NUL-terminated, exact
 * match), or NULL when the name is unknown or NULL. */
const char *sm_config_doc(const char *name);

/* For tests: the number of entries, and the i-th name in table order
 * (NULL when i is out of range). */
int sm_config_doc_count(void);
const char *sm_config_doc_name(int i);

#endif
