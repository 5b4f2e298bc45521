// Which action parameters take ${...} substitution templates (spec §17-§18). Parameters marked
// "API and AWS CLI only" in the AWS pages count as template-enabled: the API accepts them.
#ifndef IOTSQL_VALIDATE_TEMPLATE_FIELDS_H_
#define IOTSQL_VALIDATE_TEMPLATE_FIELDS_H_

#include <string_view>

namespace iotsql::validate {

enum class TemplateSupport {
  kYes,      // compiled as a template
  kNo,       // taken literally: a ${ in it is a mistake
  kUnknown,  // an action the spec does not cover: compiled as a template when it holds ${
};

// `shape` is the structure's API shape name ("S3Action"), `member` its API spelling ("key").
TemplateSupport TemplateSupportOf(std::string_view shape, std::string_view member);

}  // namespace iotsql::validate

#endif  // IOTSQL_VALIDATE_TEMPLATE_FIELDS_H_
