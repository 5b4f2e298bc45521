// The local backend end to end: MakeLocalSink into a temporary directory, every family, several
// delivering threads, then everything read back (files, SQLite rows, NDJSON lines).
#include <sqlite3.h>

#include <thread>

#include "value/json_doc.h"
#include "actions_test_util.h"
#include "gtest/gtest.h"
#include "iotsql/sinks.h"

namespace iotsql {
namespace {

using testing_actions::ReadFile;
using testing_actions::ReadLines;
using testing_actions::Request;

int64_t CountRows(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  int64_t n = -1;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      n = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return n;
}

TEST(ActionsLocalSink, EveryFamilyFromManyThreads) {
  LocalSinkOptions o;
  o.out_dir = testing_actions::MakeTempDir() + "/out";  // created by the sink
  std::vector<std::string> log;
  o.log = [&](const std::string& line) { log.push_back(line); };
  auto sink = MakeLocalSink(o);
  ASSERT_TRUE(sink.ok()) << sink.status();
  constexpr int kThreads = 4, kEach = 50;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        std::string id = std::to_string(t * kEach + i);
        std::string payload = R"({"device":"d)" + id + R"(","seq":)" + id + R"(,"temp":57.5})";
        for (const ActionRequest& r : {
                 Request("s3", R"({"bucketName":"bkt","key":"t/)" + std::to_string(t) + "/" + id + R"(.json"})", payload),
                 Request("sns", R"({"targetArn":"arn:aws:sns:us-east-1:1:alerts"})", payload),
                 Request("lambda", R"({"functionArn":"arn:aws:lambda:us-east-1:1:function:proc"})", payload),
                 Request("dynamoDB", R"({"tableName":"TableV1","hashKeyField":"id","hashKeyValue":")" + id +
                                         R"(","hashKeyType":"NUMBER"})", payload),
                 Request("dynamoDBv2", R"({"putItem":{"tableName":"TableV2"}})", payload),
                 Request("republish", R"({"topic":"out/)" + id + R"("})", payload)}) {
          absl::Status s = (*sink)->Deliver(r);
          if (!s.ok()) {
            ++failures;
            ADD_FAILURE() << r.kind << ": " << s;
          }
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures, 0);
  const int total = kThreads * kEach;
  EXPECT_EQ((*sink)->Stats().delivered, static_cast<uint64_t>(total * 6));

  EXPECT_EQ(ReadFile(o.out_dir + "/s3/bkt/t/3/199.json"), R"({"device":"d199","seq":199,"temp":57.5})");
  EXPECT_EQ(ReadLines(o.out_dir + "/sns/alerts.ndjson").size(), static_cast<size_t>(total));
  EXPECT_EQ(ReadLines(o.out_dir + "/lambda/proc.ndjson").size(), static_cast<size_t>(total));
  auto republished = ReadLines(o.out_dir + "/republish.ndjson");
  ASSERT_EQ(republished.size(), static_cast<size_t>(total));
  for (const std::string& line : republished) {  // every line whole, never interleaved
    auto v = ParseJsonDoc(line, kServiceJson);
    ASSERT_TRUE(v.ok()) << line;
    EXPECT_EQ(v->Find("payload")->Find("temp")->text, "57.5");
  }
  std::string db = o.out_dir + "/dynamodb.sqlite";
  EXPECT_EQ(CountRows(db, "SELECT count(*) FROM TableV1"), total);
  EXPECT_EQ(CountRows(db, "SELECT count(*) FROM TableV2"), total);
  EXPECT_EQ(CountRows(db, "SELECT json_extract(item, '$.payload.seq') FROM TableV1 WHERE pk = '123'"), 123);
  EXPECT_EQ(CountRows(db, "SELECT json_extract(item, '$.seq') FROM TableV2 WHERE pk = 'd42'"), 42);

  absl::Status s = (*sink)->Deliver(Request("kinesis", R"({"streamName":"s"})", "{}"));
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented);
  EXPECT_FALSE(IsRetryableDeliveryError(s));
  EXPECT_EQ((*sink)->Stats().failed, 1u);
  testing_actions::RemoveTree(o.out_dir.substr(0, o.out_dir.rfind('/')));
}

TEST(ActionsLocalSink, AsyncDeliveryCallsBackOnce) {
  LocalSinkOptions o;
  o.out_dir = testing_actions::MakeTempDir();
  auto sink = MakeLocalSink(o);
  ASSERT_TRUE(sink.ok());
  int calls = 0;
  absl::Status got;
  (*sink)->DeliverAsync(Request("s3", R"({"bucketName":"b","key":"../x"})", "{}"),
                        [&](absl::Status s) {
                          ++calls;
                          got = s;
                        });
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(got.code(), absl::StatusCode::kInvalidArgument);
  testing_actions::RemoveTree(o.out_dir);
}

TEST(ActionsDeadLetter, WritesOneLinePerRequest) {
  std::string dir = testing_actions::MakeTempDir();
  auto dl = DeadLetterWriter::Open(dir + "/out/dead-letter.ndjson");
  ASSERT_TRUE(dl.ok()) << dl.status();
  ActionRequest r = Request("s3", R"({"bucketName":"b","key":"k"})", R"({"t":1})");
  r.original_payload = R"({"t": 1, "x": 2})";
  ASSERT_TRUE((*dl)->Write(r, absl::UnavailableError("S3 PutObject failed: refused"),
                           absl::NotFoundError("no bucket")).ok());
  r.binary = true;
  r.payload = std::string("\x01\x02", 2);
  ASSERT_TRUE((*dl)->Write(r, absl::InvalidArgumentError("bad")).ok());
  EXPECT_EQ((*dl)->count(), 2u);
  auto lines = ReadLines(dir + "/out/dead-letter.ndjson");
  ASSERT_EQ(lines.size(), 2u);
  auto first = ParseJsonDoc(lines[0], kServiceJson);
  ASSERT_TRUE(first.ok()) << lines[0];
  EXPECT_EQ(first->Find("ruleName")->text, "r1");
  EXPECT_EQ(first->Find("kind")->text, "s3");
  EXPECT_EQ(first->Find("params")->Find("bucketName")->text, "b");
  EXPECT_EQ(first->Find("payload")->Find("t")->text, "1");
  EXPECT_EQ(first->Find("base64OriginalPayload")->text, "eyJ0IjogMSwgIngiOiAyfQ==");
  EXPECT_EQ(first->Find("error")->Find("code")->text, "UNAVAILABLE");
  EXPECT_EQ(first->Find("errorActionError")->Find("message")->text, "no bucket");
  auto second = ParseJsonDoc(lines[1], kServiceJson);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->Find("payloadBase64")->text, "AQI=");
  EXPECT_EQ(second->Find("errorActionError"), nullptr);
  testing_actions::RemoveTree(dir);
}

}  // namespace
}  // namespace iotsql
