/* iotsql C API: the rule engine for brokers and gateways written in C.
 *
 *   iotsql_engine_options options;
 *   iotsql_engine_options_init(&options);
 *   options.sink = my_sink;                 // called on the engine's dispatch threads
 *   iotsql_engine* engine;
 *   if (iotsql_engine_new(&options, &engine) != IOTSQL_OK) puts(iotsql_last_error());
 *   iotsql_engine_load_rules(engine, "rules/");      // a TopicRulePayload file or a folder
 *   int outputs;
 *   iotsql_engine_publish(engine, "sensors/a/data", "{\"temp\": 60}", 12, NULL, &outputs);
 *   iotsql_engine_flush(engine);
 *   iotsql_engine_free(engine);
 *
 * Every function is safe to call from any thread (one engine may be shared), returns a status
 * code and never lets a C++ exception out. After an error, iotsql_last_error() says what
 * happened, for the calling thread. Strings are UTF-8 and NUL-terminated unless a length is
 * given.
 */
#ifndef IOTSQL_IOTSQL_C_H_
#define IOTSQL_IOTSQL_C_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum iotsql_status {
  IOTSQL_OK = 0,
  IOTSQL_INVALID_ARGUMENT = 1, /* a bad rule, topic or argument */
  IOTSQL_NOT_FOUND = 2,        /* no such rule, or no such file */
  IOTSQL_INTERNAL = 3          /* anything else (out of memory, I/O) */
} iotsql_status;

/* The calling thread's last error message ("" when none). Valid until its next iotsql call. */
const char* iotsql_last_error(void);

typedef struct iotsql_engine iotsql_engine;

/* One action to run: the rule's output and the action's parameters with templates rendered.
 * Valid only during the sink call. */
typedef struct iotsql_action_request {
  const char* rule_name;
  size_t action_index; /* position in the rule's actions (error action: 0) */
  int is_error_action;
  const char* kind;        /* "s3", "lambda", "sns", "dynamoDB", "dynamoDBv2", "republish", ... */
  const char* params_json; /* the action's parameters as JSON */
  const char* payload;     /* the SELECT output (error actions: the AWS error document) */
  size_t payload_len;
  int binary; /* payload is raw bytes rather than JSON text */
  const char* topic;
  const char* clientid;
  const char* error_message; /* error actions: what failed; else "" */
} iotsql_action_request;

/* Delivers one request. Returns 0 when delivered; anything else is a failure (the engine
 * retries, then runs the rule's error action), described by the text written to `error`
 * (NUL-terminated, at most error_size bytes). Runs on the engine's dispatch threads. */
typedef int (*iotsql_sink_fn)(void* user, const iotsql_action_request* request, char* error,
                              size_t error_size);

typedef struct iotsql_engine_options {
  iotsql_sink_fn sink; /* NULL: actions are counted and dropped */
  void* sink_user;
  int dispatch_threads;  /* default 2 */
  size_t queue_capacity; /* default 4096; a full queue blocks publishers */
  int max_attempts;      /* default 3 */
} iotsql_engine_options;

/* Fills `options` with the defaults; call it before setting fields, so that fields added in
 * later versions get their defaults. */
void iotsql_engine_options_init(iotsql_engine_options* options);

iotsql_status iotsql_engine_new(const iotsql_engine_options* options, iotsql_engine** engine);
/* Delivers what is queued, then frees the engine. NULL is ignored. */
void iotsql_engine_free(iotsql_engine* engine);

/* Adds or replaces a rule from a rule document (TopicRulePayload JSON, or get-topic-rule
 * output). `name` is used when the document does not name the rule; it may be NULL. */
iotsql_status iotsql_engine_add_rule_json(iotsql_engine* engine, const char* name, const char* json,
                                          size_t json_len);
/* Adds every rule of a rule file or of a folder's *.json files (all or none). */
iotsql_status iotsql_engine_load_rules(iotsql_engine* engine, const char* path);
iotsql_status iotsql_engine_remove_rule(iotsql_engine* engine, const char* name);
iotsql_status iotsql_engine_set_rule_enabled(iotsql_engine* engine, const char* name, int enabled);

/* What the rules engine knows about a message besides its payload. NULL strings are absent. */
typedef struct iotsql_message_context {
  const char* clientid;
  const char* principal;
  const char* traceid;
  const char* sourceip;
  int64_t timestamp_ms; /* used when has_timestamp is non-zero; else the wall clock */
  int has_timestamp;
} iotsql_message_context;

/* Runs every enabled rule that `topic` triggers. `context` may be NULL. `outputs` (may be
 * NULL) receives the number of rules that produced an output. */
iotsql_status iotsql_engine_publish(iotsql_engine* engine, const char* topic, const void* payload,
                                    size_t payload_len, const iotsql_message_context* context,
                                    int* outputs);

/* Waits until every queued action has been delivered or given up. */
void iotsql_engine_flush(iotsql_engine* engine);

typedef struct iotsql_rule_metrics {
  uint64_t matched, evaluated, rejected_by_where, errors, outputs;
} iotsql_rule_metrics;
iotsql_status iotsql_engine_rule_metrics(const iotsql_engine* engine, const char* rule,
                                         iotsql_rule_metrics* metrics);

/* Every counter in the Prometheus text format; release it with iotsql_free. */
char* iotsql_engine_metrics_text(const iotsql_engine* engine);
void iotsql_free(void* p);

#ifdef __cplusplus
}
#endif

#endif /* IOTSQL_IOTSQL_C_H_ */
