#include <sqlite3.h>

#include "actions/aws_requests.h"
#include "actions/dynamodb_item.h"
#include "actions/local_backends.h"
#include "actions_test_util.h"
#include "gtest/gtest.h"

namespace iotsql::actions {
namespace {

using testing_actions::Request;

const Endpoint kEndpoint{"http://127.0.0.1:5000", true, "amazonaws.com"};

HttpRequest V1(const std::string& params, const std::string& payload, bool binary = false) {
  auto p = ParseDynamoDbParams(params);
  EXPECT_TRUE(p.ok()) << p.status();
  auto w = BuildDynamoDbWrite(*p, Request("dynamoDB", params, payload, binary));
  EXPECT_TRUE(w.ok()) << w.status();
  return BuildDynamoDbRequest(*w, kEndpoint, "us-east-1");
}

TEST(ActionsDynamoDbRequest, PutItemWithKeyTypesAndPayloadMap) {
  HttpRequest r = V1(R"({"tableName":"Readings","hashKeyField":"device","hashKeyValue":"d1",
                         "rangeKeyField":"ts","rangeKeyValue":"1700000000123","rangeKeyType":"NUMBER"})",
                     R"({"temp":57.5,"ok":true})");
  EXPECT_EQ(r.url, "http://127.0.0.1:5000/");
  EXPECT_EQ(*r.Header("X-Amz-Target"), "DynamoDB_20120810.PutItem");
  EXPECT_EQ(*r.Header("Content-Type"), "application/x-amz-json-1.0");
  EXPECT_EQ(r.body,
            R"({"TableName":"Readings","Item":{"device":{"S":"d1"},"ts":{"N":"1700000000123"},)"
            R"("payload":{"M":{"temp":{"N":"57.5"},"ok":{"BOOL":true}}}}})");
  EXPECT_EQ(r.operation, "DynamoDB PutItem");
  // A map cannot repeat a name: the last occurrence wins, at its own place.
  r = V1(R"({"tableName":"T","hashKeyField":"k","hashKeyValue":"v"})",
         R"({"a":1,"b":2,"a":3,"c":{"x":1,"x":"y"}})");
  EXPECT_EQ(r.body, R"({"TableName":"T","Item":{"k":{"S":"v"},)"
                    R"("payload":{"M":{"b":{"N":"2"},"a":{"N":"3"},"c":{"M":{"x":{"S":"y"}}}}}}})");
}

TEST(ActionsDynamoDbRequest, PayloadFieldAndBinaryPayload) {
  HttpRequest r = V1(R"({"tableName":"T","hashKeyField":"id","hashKeyValue":"42","hashKeyType":"NUMBER",
                         "payloadField":"data"})",
                     std::string("\x01\x02\xff", 3), true);
  EXPECT_EQ(r.body, R"({"TableName":"T","Item":{"id":{"N":"42"},"data":{"B":"AQL/"}}})");
  // Text that is not JSON is binary too (spec §18.4).
  r = V1(R"({"tableName":"T","hashKeyField":"id","hashKeyValue":"x"})", "not json");
  EXPECT_EQ(r.body, R"({"TableName":"T","Item":{"id":{"S":"x"},"payload":{"B":"bm90IGpzb24="}}})");
}

TEST(ActionsDynamoDbRequest, UpdateAndDelete) {
  HttpRequest r = V1(R"({"tableName":"T","hashKeyField":"id","hashKeyValue":"a","operation":"UPDATE",
                         "payloadField":"data"})",
                     R"({"v":[1,"x",null]})");
  EXPECT_EQ(*r.Header("X-Amz-Target"), "DynamoDB_20120810.UpdateItem");
  EXPECT_EQ(r.body,
            R"({"TableName":"T","Key":{"id":{"S":"a"}},"UpdateExpression":"SET #a0 = :v0",)"
            R"("ExpressionAttributeNames":{"#a0":"data"},)"
            R"("ExpressionAttributeValues":{":v0":{"M":{"v":{"L":[{"N":"1"},{"S":"x"},{"NULL":true}]}}}}})");
  r = V1(R"({"tableName":"T","hashKeyField":"id","hashKeyValue":"a","rangeKeyField":"n",
             "rangeKeyValue":"2","rangeKeyType":"NUMBER","operation":"DELETE"})",
         "{}");
  EXPECT_EQ(*r.Header("X-Amz-Target"), "DynamoDB_20120810.DeleteItem");
  EXPECT_EQ(r.body, R"({"TableName":"T","Key":{"id":{"S":"a"},"n":{"N":"2"}}})");
}

TEST(ActionsDynamoDbRequest, KeyValidation) {
  auto p = ParseDynamoDbParams(
      R"({"tableName":"T","hashKeyField":"id","hashKeyValue":"abc","hashKeyType":"NUMBER"})");
  ASSERT_TRUE(p.ok());
  auto w = BuildDynamoDbWrite(*p, Request("dynamoDB", "", "{}"));
  EXPECT_EQ(w.status().code(), absl::StatusCode::kInvalidArgument);
  p = ParseDynamoDbParams(R"({"tableName":"T","hashKeyField":"id","hashKeyValue":"a","payloadField":"id"})");
  EXPECT_FALSE(BuildDynamoDbWrite(*p, Request("dynamoDB", "", "{}")).ok());
}

TEST(ActionsDynamoDbRequest, V2MapsEveryJsonType) {
  DynamoDbV2Params p{"Things"};
  auto w = BuildDynamoDbV2Write(
      p, Request("dynamoDBv2", "", R"({"id":"d1","n":-1.5E3,"big":123456789012345678901234567890123.4,
          "t":true,"f":false,"z":null,"s":"","l":[1,[2],{"a":"b"}],"m":{"x":{"y":null}},"id":"d2"})"));
  ASSERT_TRUE(w.ok()) << w.status();
  HttpRequest r = BuildDynamoDbRequest(*w, kEndpoint, "us-east-1");
  EXPECT_EQ(r.body,
            R"({"TableName":"Things","Item":{"n":{"N":"-1.5E3"},)"
            R"("big":{"N":"123456789012345678901234567890123.4"},"t":{"BOOL":true},"f":{"BOOL":false},)"
            R"("z":{"NULL":true},"s":{"S":""},"l":{"L":[{"N":"1"},{"L":[{"N":"2"}]},{"M":{"a":{"S":"b"}}}]},)"
            R"("m":{"M":{"x":{"M":{"y":{"NULL":true}}}}},"id":{"S":"d2"}}})");
  EXPECT_FALSE(BuildDynamoDbV2Write(p, Request("dynamoDBv2", "", "[1,2]")).ok());
  EXPECT_FALSE(BuildDynamoDbV2Write(p, Request("dynamoDBv2", "", "{}", true)).ok());
}

TEST(ActionsDynamoDbNumbers, CanonicalAndValid) {
  EXPECT_EQ(CanonicalNumber("1.50"), "1.5");
  EXPECT_EQ(CanonicalNumber("15e-1"), "1.5");
  EXPECT_EQ(CanonicalNumber("-0.0"), "0");
  EXPECT_EQ(CanonicalNumber("1E+2"), "100");
  EXPECT_EQ(CanonicalNumber("0012.3400"), "12.34");
  EXPECT_EQ(CanonicalNumber("-0.00123"), "-0.00123");
  EXPECT_EQ(CanonicalNumber("1700000000123"), "1700000000123");
  EXPECT_TRUE(IsDynamoNumber("-1.5e3"));
  EXPECT_FALSE(IsDynamoNumber("+1"));
  EXPECT_FALSE(IsDynamoNumber(" 1"));
  EXPECT_FALSE(IsDynamoNumber("1e999"));
  EXPECT_FALSE(IsDynamoNumber("NaN"));
  EXPECT_FALSE(IsDynamoNumber(std::string(39, '9')));
}

// ---- local store -------------------------------------------------------------------------------

std::vector<std::vector<std::string>> Query(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::vector<std::vector<std::string>> rows;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return rows;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const unsigned char* t = sqlite3_column_text(st, i);
        row.push_back(t ? reinterpret_cast<const char*>(t) : "NULL");
      }
      rows.push_back(row);
    }
  } else {
    rows.push_back({std::string("SQL ERROR: ") + sqlite3_errmsg(db)});
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return rows;
}

class DynamoDbLocal : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing_actions::MakeTempDir();
    path_ = dir_ + "/dynamodb.sqlite";
    auto s = DynamoDbLocalStore::Open(path_, {{"Configured", {"site", "ts"}}});
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = std::move(*s);
  }
  void TearDown() override {
    store_.reset();
    testing_actions::RemoveTree(dir_);
  }
  absl::Status V1(const std::string& params, const std::string& payload) {
    auto p = ParseDynamoDbParams(params);
    if (!p.ok()) return p.status();
    auto w = BuildDynamoDbWrite(*p, Request("dynamoDB", params, payload));
    if (!w.ok()) return w.status();
    return store_->Apply(*w);
  }
  absl::Status V2(const std::string& table, const std::string& payload) {
    auto w = BuildDynamoDbV2Write(DynamoDbV2Params{table}, Request("dynamoDBv2", "", payload));
    if (!w.ok()) return w.status();
    return store_->Apply(*w);
  }
  std::string dir_, path_;
  std::unique_ptr<DynamoDbLocalStore> store_;
};

TEST_F(DynamoDbLocal, V1InsertUpdateDelete) {
  const std::string key = R"("tableName":"Readings","hashKeyField":"device","hashKeyValue":"d1",
      "rangeKeyField":"ts","rangeKeyValue":"10.0","rangeKeyType":"NUMBER")";
  ASSERT_TRUE(V1("{" + key + "}", R"({"temp":57.5})").ok());
  auto rows = Query(path_, "SELECT pk, sk, item, attributes FROM Readings");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "d1");
  EXPECT_EQ(rows[0][1], "10");  // numbers canonical: 10.0 and 1e1 are one key
  EXPECT_EQ(rows[0][2], R"({"device":"d1","ts":10,"payload":{"temp":57.5}})");
  EXPECT_EQ(rows[0][3], R"({"device":{"S":"d1"},"ts":{"N":"10.0"},"payload":{"M":{"temp":{"N":"57.5"}}}})");
  // json_extract works on the plain item (what the README shows for the sqlite3 shell).
  EXPECT_EQ(Query(path_, "SELECT json_extract(item, '$.payload.temp') FROM Readings")[0][0], "57.5");

  ASSERT_TRUE(V1(R"({"tableName":"Readings","hashKeyField":"device","hashKeyValue":"d1",
      "rangeKeyField":"ts","rangeKeyValue":"1e1","rangeKeyType":"NUMBER","operation":"UPDATE",
      "payloadField":"extra"})", R"("x")").ok());
  rows = Query(path_, "SELECT item FROM Readings");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], R"({"device":"d1","ts":10,"payload":{"temp":57.5},"extra":"x"})");

  ASSERT_TRUE(V1("{" + key + R"(,"operation":"DELETE"})", "{}").ok());
  EXPECT_TRUE(Query(path_, "SELECT * FROM Readings").empty());
  rows = Query(path_, "SELECT hash_key, hash_type, range_key, range_type, source FROM _iotsql_tables");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"device", "S", "ts", "N", "dynamoDB action"}));
}

TEST_F(DynamoDbLocal, V1KeyMustMatchTheTable) {
  ASSERT_TRUE(V1(R"({"tableName":"Tab1","hashKeyField":"id","hashKeyValue":"a"})", "{}").ok());
  absl::Status s = V1(R"({"tableName":"Tab1","hashKeyField":"other","hashKeyValue":"a"})", "{}");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  s = V1(R"({"tableName":"Tab1","hashKeyField":"id","hashKeyValue":"1","hashKeyType":"NUMBER"})", "{}");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  s = V1(R"({"tableName":"tab1","hashKeyField":"id","hashKeyValue":"a"})", "{}");
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  s = V1(R"({"tableName":"bad name","hashKeyField":"id","hashKeyValue":"a"})", "{}");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
}

TEST_F(DynamoDbLocal, V2ConfiguredAndInferredKeys) {
  ASSERT_TRUE(V2("Configured", R"({"v":1,"site":"s1","ts":5})").ok());
  ASSERT_TRUE(V2("Configured", R"({"v":2,"site":"s1","ts":5.0})").ok());  // same key: replaced
  ASSERT_TRUE(V2("Configured", R"({"v":3,"site":"s1","ts":6})").ok());
  auto rows = Query(path_, "SELECT pk, sk, item FROM Configured ORDER BY sk");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"s1", "5", R"({"v":2,"site":"s1","ts":5.0})"}));
  EXPECT_EQ(Query(path_, "SELECT json_extract(attributes, '$.v.N') FROM Configured WHERE sk = '6'")[0][0], "3");
  EXPECT_EQ(V2("Configured", R"({"v":1,"site":"s1"})").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(V2("Configured", R"({"site":"s1","ts":"x"})").code(), absl::StatusCode::kInvalidArgument);

  // Unknown table: the first member of the first item is the hash key.
  ASSERT_TRUE(V2("Inferred", R"({"device":"d1","temp":1})").ok());
  ASSERT_TRUE(V2("Inferred", R"({"temp":2,"device":"d1"})").ok());
  rows = Query(path_, "SELECT pk, json_extract(item, '$.temp') FROM Inferred");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"d1", "2"}));
  rows = Query(path_, "SELECT hash_key, source FROM _iotsql_tables WHERE table_name = 'Inferred'");
  EXPECT_EQ(rows[0][0], "device");
  EXPECT_EQ(rows[0][1], "inferred: first member of the first item");
}

}  // namespace
}  // namespace iotsql::actions
