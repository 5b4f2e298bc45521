// MakeAwsSink: renders each request on its service's wire protocol, signs it, and sends it
// through the shared curl multi client.
#include <atomic>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "actions/append_log.h"
#include "actions/aws_errors.h"
#include "actions/aws_requests.h"
#include "actions/delivery_counts.h"
#include "actions/endpoint.h"
#include "actions/http_client.h"
#include "actions/local_backends.h"
#include "actions/params.h"
#include "actions/sigv4/credentials.h"
#include "actions/sigv4/signer.h"
#include "iotsql/sinks.h"

namespace iotsql {
namespace {

using actions::Endpoint;
using actions::HttpRequest;
using actions::HttpResponse;

class AwsSink : public AsyncActionSink {
 public:
  AwsSink(const AwsSinkOptions& options, std::string region, AwsCredentials credentials)
      : options_(options), region_(std::move(region)), credentials_(std::move(credentials)) {
    if (!options.republish_dir.empty()) {
      republish_log_ = std::make_unique<actions::AppendLog>(options.republish_dir);
    }
  }

  absl::Status Init(const actions::EnvLookup& env) {
    for (const char* service : {"s3", "lambda", "sns", "dynamodb"}) {
      absl::StatusOr<Endpoint> e =
          actions::ResolveEndpoint(service, region_, options_.endpoint_url, env);
      if (!e.ok()) return e.status();
      endpoints_[service] = *e;
    }
    actions::HttpClientOptions http;
    http.max_in_flight = options_.max_in_flight;
    http.connect_timeout_ms = options_.connect_timeout_ms;
    http.request_timeout_ms = options_.request_timeout_ms;
    absl::StatusOr<std::unique_ptr<actions::HttpClient>> client = actions::HttpClient::Create(http);
    if (!client.ok()) return client.status();
    client_ = std::move(*client);
    if (options_.log) {
      options_.log(absl::StrCat("aws sink: region ", region_, ", credentials ",
                                actions::DescribeCredentials(credentials_), ", endpoints s3=",
                                endpoints_["s3"].base_url, " lambda=", endpoints_["lambda"].base_url,
                                " sns=", endpoints_["sns"].base_url,
                                " dynamodb=", endpoints_["dynamodb"].base_url));
    }
    return absl::OkStatus();
  }

  void DeliverAsync(const ActionRequest& request, DoneCallback done) override {
    if (request.kind == "republish") {
      absl::Status s = republish_log_
                           ? actions::DeliverRepublishLocal(republish_log_.get(), request)
                           : absl::UnimplementedError(
                                 "the aws sink logs republish actions only when republish_dir is set");
      counts_.Count(s);
      done(std::move(s));
      return;
    }
    absl::StatusOr<HttpRequest> http = Build(request);
    if (!http.ok()) {
      counts_.Count(http.status());
      done(http.status());
      return;
    }
    std::optional<actions::CurlSigV4> curl_sign;
    bool own_signer = options_.signer == AwsSinkOptions::Signer::kOpenSsl ||
                      (options_.signer == AwsSinkOptions::Signer::kAuto && !http->s3_canonical_uri &&
                       http->url.find('%') != std::string::npos);
    if (own_signer) {
      actions::SignRequest(&*http, credentials_, absl::Now());
    } else {
      actions::AddSigningHeaders(&*http, credentials_, absl::Now());
      curl_sign = actions::CurlSigV4{absl::StrCat("aws:amz:", http->region, ":", http->service),
                                     credentials_.access_key_id, credentials_.secret_access_key};
    }
    HttpRequest what;  // what the error message needs, without the body
    what.operation = http->operation;
    what.service = http->service;
    client_->Send(std::move(*http), std::move(curl_sign),
                  [this, what, done = std::move(done)](HttpResponse response) {
                    absl::Status s = Redact(actions::ClassifyResponse(what, response));
                    counts_.Count(s);
                    done(std::move(s));
                  });
  }

  SinkStats Stats() const override {
    SinkStats s = counts_.Stats();
    actions::HttpClientStats h = client_->Stats();
    s.http_requests = h.requests;
    s.new_connections = h.new_connections;
    s.max_in_flight_seen = h.max_in_flight_seen;
    return s;
  }

 private:
  absl::StatusOr<HttpRequest> Build(const ActionRequest& request) {
    const std::string& kind = request.kind;
    if (kind == "s3") {
      absl::StatusOr<actions::S3Params> p = actions::ParseS3Params(request.params_json);
      if (!p.ok()) return p.status();
      return actions::BuildS3PutObject(*p, request, endpoints_.at("s3"), region_);
    }
    if (kind == "lambda") {
      absl::StatusOr<actions::LambdaParams> p = actions::ParseLambdaParams(request.params_json);
      if (!p.ok()) return p.status();
      return actions::BuildLambdaInvoke(*p, request, endpoints_.at("lambda"), region_);
    }
    if (kind == "sns") {
      absl::StatusOr<actions::SnsParams> p = actions::ParseSnsParams(request.params_json);
      if (!p.ok()) return p.status();
      return actions::BuildSnsPublish(*p, request, endpoints_.at("sns"), region_);
    }
    if (kind == "dynamoDB" || kind == "dynamoDBv2") {
      absl::StatusOr<actions::DynamoWrite> write = actions::BuildDynamoWrite(request);
      if (!write.ok()) return write.status();
      return actions::BuildDynamoDbRequest(*write, endpoints_.at("dynamodb"), region_);
    }
    return absl::UnimplementedError(
        absl::StrCat("the aws sink does not deliver \"", kind, "\" actions"));
  }

  // Error texts quote the service's answer; a server that echoes the request must not get the
  // session token (or, however unlikely, the secret) into a log through them.
  absl::Status Redact(absl::Status s) const {
    if (s.ok()) return s;
    std::string text(s.message());
    bool changed = false;
    for (const std::string* secret : {&credentials_.secret_access_key, &credentials_.session_token}) {
      if (secret->empty()) continue;
      for (size_t at = text.find(*secret); at != std::string::npos; at = text.find(*secret, at)) {
        text.replace(at, secret->size(), "[redacted]");
        changed = true;
      }
    }
    return changed ? absl::Status(s.code(), text) : s;
  }

  AwsSinkOptions options_;
  std::string region_;
  AwsCredentials credentials_;
  std::map<std::string, Endpoint> endpoints_;  // filled by Init, read-only afterwards
  std::unique_ptr<actions::AppendLog> republish_log_;
  actions::DeliveryCounts counts_;
  // Last: destroyed first, so that transfers still in flight finish while the rest is alive.
  std::unique_ptr<actions::HttpClient> client_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<AsyncActionSink>> MakeAwsSink(const AwsSinkOptions& options) {
  actions::EnvLookup env = actions::ProcessEnv();
  absl::StatusOr<std::string> region = actions::ResolveRegion(options.region, options.profile, env);
  if (!region.ok()) return region.status();
  AwsCredentials credentials;
  if (options.credentials) {
    credentials = *options.credentials;
    if (credentials.source.empty()) credentials.source = "options";
  } else {
    absl::StatusOr<AwsCredentials> c = actions::ResolveCredentials(options.profile, env);
    if (!c.ok()) return c.status();
    credentials = std::move(*c);
  }
  auto sink = std::make_unique<AwsSink>(options, *region, std::move(credentials));
  absl::Status s = sink->Init(env);
  if (!s.ok()) return s;
  return std::unique_ptr<AsyncActionSink>(std::move(sink));
}

}  // namespace iotsql
