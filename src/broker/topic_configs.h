/*
 * Kafka's topic-level configs: name, type, the broker key that supplies the
 * default, and how to read that default from sm_config_t (documentation
 * strings are in config_docs.c). DescribeConfigs and
 * CreateTopics validation use this one table.
 */
#ifndef SM_TOPIC_CONFIGS_H
#define SM_TOPIC_CONFIGS_H

#include <stdbool.h>

#include "config.h"

/* DescribeConfigs ConfigType values. */
enum { SM_CFGTYPE_BOOLEAN = 1, SM_CFGTYPE_STRING = 2, SM_CFGTYPE_INT = 3, SM_CFGTYPE_SHORT = 4,
       SM_CFGTYPE_LONG = 5, SM_CFGTYPE_DOUBLE = 6, SM_CFGTYPE_LIST = 7 };
/* DescribeConfigs ConfigSource values. */
enum { SM_CFGSRC_DYNAMIC_TOPIC = 1, SM_CFGSRC_STATIC_BROKER = 4, SM_CFGSRC_DEFAULT = 5 };

typedef struct sm_topic_config_def {
    const char *name;
    int type;
    const char *broker_key; /* synonym in server.properties, or NULL */
} sm_topic_config_def_t;

const sm_topic_config_def_t *sm_topic_config_defs(int *n);
const sm_topic_config_def_t *sm_topic_config_def(const char *name, int len);
/* The broker-level default of a topic config as a string into buf. */
const char *sm_topic_config_default(const sm_config_t *c, const sm_topic_config_def_t *d,
                                    char *buf, int buflen);
/* Checks a value against the config's type. Returns 0 or -1. */
int sm_topic_config_check(const sm_topic_config_def_t *d, const char *value, int len);

#endif
