#include <future>

#include "absl/strings/str_cat.h"
#include "actions/aws_errors.h"
#include "value/convert.h"
#include "value/json_doc.h"
#include "actions/local_backends.h"
#include "actions/ndjson_fields.h"
#include "actions/params.h"
#include "actions/process_runner.h"

namespace iotsql::actions {
namespace {

const std::string* Pick(const std::map<std::string, std::string>& per_function,
                        const std::string& fallback, const std::string& function) {
  if (auto it = per_function.find(function); it != per_function.end()) return &it->second;
  return fallback.empty() ? nullptr : &fallback;
}

}  // namespace

absl::StatusOr<std::unique_ptr<LambdaLocal>> LambdaLocal::Create(const LocalSinkOptions& options,
                                                                 AppendLog* log) {
  std::unique_ptr<LambdaLocal> l(new LambdaLocal(options, log));
  if (!options.lambda_url.empty() || !options.lambda_urls.empty()) {
    HttpClientOptions http;
    http.max_in_flight = 16;
    http.request_timeout_ms = options.lambda_timeout_ms;
    absl::StatusOr<std::unique_ptr<HttpClient>> client = HttpClient::Create(http);
    if (!client.ok()) return client.status();
    l->http_ = std::move(*client);
  }
  return l;
}

absl::Status LambdaLocal::Deliver(const ActionRequest& request) {
  absl::StatusOr<LambdaParams> params = ParseLambdaParams(request.params_json);
  if (!params.ok()) return params.status();
  if (request.binary || !ParseJsonDoc(request.payload, kServiceJson).ok()) {
    return absl::InvalidArgumentError(
        "lambda action: the rule's output is not JSON; Lambda needs JSON (use encode(*, 'base64'))");
  }
  const std::string& name = params->function_name;
  if (const std::string* url = Pick(options_.lambda_urls, options_.lambda_url, name)) {
    HttpRequest r;
    r.method = "POST";
    r.url = *url;
    r.operation = absl::StrCat("Lambda Invoke (", name, " at ", *url, ")");
    r.headers.emplace_back("Content-Type", "application/json");
    r.body = request.payload;
    std::promise<HttpResponse> promise;
    std::future<HttpResponse> result = promise.get_future();
    http_->Send(r, std::nullopt, [&promise](HttpResponse resp) { promise.set_value(std::move(resp)); });
    HttpResponse resp = result.get();
    absl::Status s = ClassifyResponse(r, resp);
    if (!s.ok()) return s;
    // The runtime interface emulator answers 200 with the error object when the handler fails.
    if (const std::string* fe = resp.Header("x-amz-function-error")) {
      return absl::UnavailableError(absl::StrCat("Lambda function ", name, " failed (", *fe,
                                                 "): ", resp.body.substr(0, 512)));
    }
    return absl::OkStatus();
  }
  if (const std::string* command = Pick(options_.lambda_commands, options_.lambda_command, name)) {
    absl::Status s = MakeDirs(options_.out_dir + "/lambda");
    if (!s.ok()) return s;
    return RunCommand(*command, request.payload,
                      {absl::StrCat("IOTSQL_FUNCTION_ARN=", params->function_arn),
                       absl::StrCat("AWS_LAMBDA_FUNCTION_NAME=", name),
                       absl::StrCat("IOTSQL_RULE_NAME=", request.rule_name),
                       absl::StrCat("IOTSQL_TOPIC=", request.topic)},
                      absl::StrCat(options_.out_dir, "/lambda/", name, ".log"),
                      options_.lambda_timeout_ms);
  }
  std::string line = BeginLine(request);
  line += ",\"functionArn\":";
  AppendJsonStringOfBytes(params->function_arn, &line);
  line += ",\"invocationType\":\"Event\"";
  AppendPayloadMember(&line, "event", request.payload, false);
  line += "}";
  return log_->Append(absl::StrCat("lambda/", name, ".ndjson"), line);
}

}  // namespace iotsql::actions
