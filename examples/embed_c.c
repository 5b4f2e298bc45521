/* Embedding the rule engine from C (include/iotsql/iotsql_c.h): load rules, publish messages,
 * receive actions through a callback, read the metrics. Built and run as a test (ctest).
 *
 *   build/embed_c [RULES_DIR]     (default: the bundled examples/rules)
 */
#include <stdio.h>
#include <string.h>

#include "iotsql/iotsql_c.h"

static int delivered = 0;

/* Runs on the engine's dispatch threads (one here, so no locking is needed). */
static int on_action(void* user, const iotsql_action_request* r, char* error, size_t size) {
  (void)user;
  (void)error;
  (void)size;
  printf("%-24s %-10s %.*s\n", r->rule_name, r->kind, r->binary ? 8 : (int)r->payload_len,
         r->binary ? "(binary)" : r->payload);
  ++delivered;
  return 0; /* non-zero: failed (the engine retries, then runs the error action) */
}

int main(int argc, char** argv) {
  const char* rules = argc > 1 ? argv[1] : IOTSQL_EXAMPLES_DIR "/rules";
  iotsql_engine_options options;
  iotsql_engine_options_init(&options);
  options.sink = on_action;
  options.dispatch_threads = 1;

  iotsql_engine* engine;
  if (iotsql_engine_new(&options, &engine) != IOTSQL_OK ||
      iotsql_engine_load_rules(engine, rules) != IOTSQL_OK) {
    fprintf(stderr, "embed_c: %s\n", iotsql_last_error());
    return 1;
  }

  iotsql_message_context context = {0};
  context.clientid = "gateway-7";
  const char* telemetry =
      "{\"device\":\"dev-9\",\"temp\":95.5,\"humidity\":80,\"battery\":15,\"status\":\"err\","
      "\"loc\":{\"lat\":70.1,\"lon\":20.2},\"fw\":\"1.2.0\"}";
  int outputs = 0;
  if (iotsql_engine_publish(engine, "fleet/oslo/dev-9/telemetry", telemetry, strlen(telemetry),
                            &context, &outputs) != IOTSQL_OK) {
    fprintf(stderr, "embed_c: %s\n", iotsql_last_error());
    return 1;
  }
  const unsigned char frame[] = {0x00, 0x01, 0x02, 0xff};
  int frame_outputs = 0;
  iotsql_engine_publish(engine, "fleet/oslo/dev-9/frame", frame, sizeof frame, &context,
                        &frame_outputs);
  /* A topic filter is not a topic: the error comes back as a code and a text. */
  if (iotsql_engine_publish(engine, "fleet/#", "{}", 2, NULL, NULL) != IOTSQL_INVALID_ARGUMENT) {
    fprintf(stderr, "embed_c: a wildcard topic was accepted\n");
    return 1;
  }
  printf("rejected as expected: %s\n", iotsql_last_error());
  iotsql_engine_flush(engine);

  iotsql_rule_metrics m;
  if (iotsql_engine_rule_metrics(engine, "low_battery", &m) == IOTSQL_OK) {
    printf("low_battery: matched %llu, outputs %llu\n", (unsigned long long)m.matched,
           (unsigned long long)m.outputs);
  }
  char* text = iotsql_engine_metrics_text(engine);
  if (text != NULL) {
    printf("%zu bytes of Prometheus metrics\n", strlen(text));
    iotsql_free(text);
  }
  iotsql_engine_free(engine);

  printf("outputs: %d telemetry, %d frame; %d actions delivered\n", outputs, frame_outputs,
         delivered);
  /* The bundled rules: 8 outputs for the telemetry, 2 (archive, frames) for the frame. */
  return outputs == 8 && frame_outputs == 2 && delivered == 10 ? 0 : 1;
}
