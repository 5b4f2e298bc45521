// What the engine knows about each kind of rule action (spec §1, §18, §19): the kinds AWS
// accepts, which parameters take ${...} templates, and how an error document names a failure.
#ifndef IOTSQL_ENGINE_ACTION_KINDS_H_
#define IOTSQL_ENGINE_ACTION_KINDS_H_

#include <string>
#include <string_view>
#include <vector>

namespace iotsql {

// The Action member names of the CreateTopicRule API.
const std::vector<std::string>& KnownActionKinds();
bool IsKnownActionKind(std::string_view kind);

// Whether the string parameter at `path` (member names from the kind's object, array items
// skipped: "putItem.tableName", "headers.userProperties.value") takes templates.
bool IsTemplateParameter(std::string_view kind, std::string_view path);

// The error document's failedAction: the API shape name ("s3" -> "S3Action").
std::string FailedActionName(std::string_view kind);
// The parameter that names the failed resource ("s3" -> "bucketName"), or "".
std::string_view FailedResourceParameter(std::string_view kind);

// The closest of `candidates` to `word` within a small edit distance, or "".
std::string Closest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace iotsql

#endif  // IOTSQL_ENGINE_ACTION_KINDS_H_
