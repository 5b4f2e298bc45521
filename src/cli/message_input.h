// What `iotsql run` and `iotsql bench` share: loading the rule files named on the command line,
// and reading one message of an input file.
#ifndef IOTSQL_CLI_MESSAGE_INPUT_H_
#define IOTSQL_CLI_MESSAGE_INPUT_H_

#include <string>
#include <vector>

#include "iotsql/engine.h"
#include "iotsql/iotsql.h"

namespace iotsql::cli {

// One input line: {"topic": "...", "payload": {...}} or {"topic": "...", "payload_base64": "..."},
// optionally with "clientid", "principal", "timestamp" (epoch ms), "traceid", "sourceip".
struct InputMessage {
  std::string topic;
  std::string payload;
  MessageContext context;
};

// Fills `m` from one input line, or says why not (the column of a JSON error, the member at
// fault).
bool ParseInputLine(const std::string& line, InputMessage* m, std::string* why);

// Loads every rule file or folder of `paths` into `rules`, printing each bad file's errors on
// stderr; false when any file was bad (every file is still read, to report them all at once).
bool LoadRulePaths(const std::vector<std::string>& paths, std::vector<RuleDocument>* rules);

}  // namespace iotsql::cli

#endif  // IOTSQL_CLI_MESSAGE_INPUT_H_
