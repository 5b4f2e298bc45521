// `iotsql validate` as a library: files and directories in, findings with file positions out.
#ifndef IOTSQL_VALIDATE_VALIDATOR_H_
#define IOTSQL_VALIDATE_VALIDATOR_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "validate/finding.h"
#include "validate/rule_sites.h"

namespace iotsql::validate {

struct FileReport {
  std::string path;
  std::string text;                 // the file's contents (diagnostics quote its lines)
  InputKind kind = InputKind::kUnknown;
  bool skipped = false;             // found in a directory, and not a rule file
  int rules = 0;
  std::vector<Finding> findings;    // in file order
};

// Validates a file's contents. `named` says the user named the file (rather than a directory
// holding it): an unrecognised file is then an error instead of being skipped. The syntax
// (JSON or YAML) follows the extension; without one, the first character decides.
FileReport ValidateText(const std::string& path, std::string text, bool named);
FileReport ValidateFile(const std::string& path, bool named);

struct InputFile {
  std::string path;
  bool named = false;
};
// Expands directories recursively into their *.json, *.yaml and *.yml files (hidden entries
// skipped), each directory's files sorted by name. A path that does not exist is an error.
absl::StatusOr<std::vector<InputFile>> CollectInputs(const std::vector<std::string>& paths);

}  // namespace iotsql::validate

#endif  // IOTSQL_VALIDATE_VALIDATOR_H_
