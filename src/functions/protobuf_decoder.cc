// decode(v, 'proto', ...): descriptor sets fetched once per bucket and key, messages decoded to
// JSON (functions/protobuf_json.h).
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "functions/protobuf_descriptor.h"
#include "functions/protobuf_json.h"
#include "iotsql/protobuf.h"
#include "simdjson.h"

namespace iotsql {

// Debian's Abseil has its own string_view.
inline absl::string_view Av(std::string_view s) { return absl::string_view(s.data(), s.size()); }

namespace {

// AWS's limit on a descriptor set (spec §22), and on how deep a decoded message may nest.
constexpr size_t kMaxDescriptorBytes = 32 * 1024;
constexpr int kMaxMessageDepth = 100;

}  // namespace

struct ProtobufDecoder::Impl {
  FetchDescriptorSet fetch;
  std::mutex mu;
  std::map<std::pair<std::string, std::string>,
           std::shared_ptr<const protobuf::DescriptorPool>> pools;
};

ProtobufDecoder::ProtobufDecoder(FetchDescriptorSet fetch) : impl_(new Impl) {
  impl_->fetch = std::move(fetch);
}

ProtobufDecoder::~ProtobufDecoder() = default;

absl::StatusOr<std::string> ProtobufDecoder::DecodeToJson(std::string_view message,
                                                          std::string_view bucket,
                                                          std::string_view key,
                                                          std::string_view file,
                                                          std::string_view message_type) {
  std::shared_ptr<const protobuf::DescriptorPool> pool;
  const auto id = std::make_pair(std::string(bucket), std::string(key));
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    auto it = impl_->pools.find(id);
    if (it != impl_->pools.end()) pool = it->second;
  }
  if (pool == nullptr) {
    absl::StatusOr<std::string> bytes = impl_->fetch(bucket, key);
    if (!bytes.ok()) return bytes.status();
    if (bytes->size() > kMaxDescriptorBytes) {
      return absl::InvalidArgumentError(absl::StrCat("the descriptor set s3://", Av(bucket), "/", Av(key),
                                                     " is ", bytes->size(),
                                                     " bytes, more than AWS's 32 KiB"));
    }
    auto parsed = protobuf::ParseDescriptorSet(*bytes);
    if (!parsed.ok()) return parsed.status();
    pool = std::move(*parsed);
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->pools.emplace(id, pool);
  }
  absl::StatusOr<const protobuf::MessageInfo*> type = pool->FindMessage(file, message_type);
  if (!type.ok()) return type.status();
  std::string json;
  if (auto st = protobuf::MessageToJson(message, **type, *pool, kMaxMessageDepth, &json); !st.ok()) {
    return st;
  }
  return json;
}

namespace {

class LocalProtobufProvider : public ExternalProvider {
 public:
  LocalProtobufProvider(std::string directory, ExternalProvider* next)
      : directory_(std::move(directory)),
        next_(next),
        decoder_([this](std::string_view bucket, std::string_view key) {
          return Read(bucket, key);
        }) {}

  absl::StatusOr<std::string> Call(std::string_view function,
                                   const std::vector<std::string>& json_args) override {
    if (function != "decode") {
      if (next_ != nullptr) return next_->Call(function, json_args);
      return absl::UnimplementedError(absl::StrCat("no provider for ", Av(function)));
    }
    // The arguments as JSON texts: the payload (a base64 String), 'proto', bucket, key, file,
    // message type.
    std::vector<std::string> text;
    simdjson::dom::parser parser;
    for (const std::string& arg : json_args) {
      std::string_view s;
      if (parser.parse(arg).get_string().get(s) != simdjson::SUCCESS) {
        return absl::InvalidArgumentError("decode: the arguments must be strings");
      }
      text.emplace_back(s);
    }
    if (text.size() != 6) return absl::InvalidArgumentError("decode: takes 6 arguments");
    std::string bytes;
    if (!absl::Base64Unescape(text[0], &bytes)) {
      return absl::InvalidArgumentError("decode: the message is not base64");
    }
    return decoder_.DecodeToJson(bytes, text[2], text[3], text[4], text[5]);
  }

 private:
  absl::StatusOr<std::string> Read(std::string_view bucket, std::string_view key) {
    // A key may hold '/', never '..': the directory stands in for S3, not the file system.
    if (bucket.empty() || key.empty() || bucket.find('/') != std::string_view::npos ||
        absl::StrCat("/", Av(key), "/").find("/../") != std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat("no such descriptor set s3://", Av(bucket),
                                                     "/", Av(key)));
    }
    const std::string path = absl::StrCat(directory_, "/", Av(bucket), "/", Av(key));
    std::ifstream in(path, std::ios::binary);
    if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
  }

  std::string directory_;
  ExternalProvider* next_;
  ProtobufDecoder decoder_;
};

}  // namespace

std::unique_ptr<ExternalProvider> NewLocalProtobufProvider(std::string directory,
                                                           ExternalProvider* next) {
  return std::make_unique<LocalProtobufProvider>(std::move(directory), next);
}

}  // namespace iotsql
