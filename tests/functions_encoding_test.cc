// encode / decode / hashing (spec §15.6, §16) called through the registry.
#include <string>
#include <vector>

#include "function_test_util.h"
#include "common/arena.h"
#include "functions/registry.h"
#include "gtest/gtest.h"
#include "value/convert.h"
#include "value/value.h"

namespace iotsql {
namespace {

class EncodingFnTest : public FunctionTest {
 protected:
  std::string Encode(const Value& v) { return Text(Call("encode", {v, S("base64")})); }
  Value Decode(const char* b64) { return Call("decode", {S(b64), S("base64")}); }
  std::string Hash(const char* fn, const Value& v) { return Text(Call(fn, {v})); }
};

TEST_F(EncodingFnTest, Registration) {
  const FunctionInfo* enc = LookupFunction("encode");
  ASSERT_NE(enc, nullptr);
  EXPECT_EQ(enc->since, SqlVersion::k2016_03_23);
  EXPECT_EQ(enc->constant_args, 1u << 1);
  const FunctionInfo* dec = LookupFunction("decode");
  ASSERT_NE(dec, nullptr);
  EXPECT_EQ(dec->since, SqlVersion::k2016_03_23);
  EXPECT_EQ(dec->min_args, 2);
  EXPECT_EQ(dec->max_args, 6);
  for (const char* h : {"md2", "md5", "sha1", "sha224", "sha256", "sha384", "sha512"}) {
    ASSERT_NE(LookupFunction(h), nullptr) << h;
    EXPECT_EQ(LookupFunction(h)->since, SqlVersion::k2015_10_08) << h;
  }
  EXPECT_EQ(LookupFunction("crc32"), nullptr);  // not an AWS function
}

TEST_F(EncodingFnTest, EncodeBase64) {
  EXPECT_EQ(Encode(S("hello")), "aGVsbG8=");
  EXPECT_EQ(Encode(Value::Int(123)), "MTIz");
  EXPECT_EQ(Encode(S("")), "");
  EXPECT_EQ(Encode(S("a")), "YQ==");
  EXPECT_EQ(Encode(S("ab")), "YWI=");
  EXPECT_EQ(Encode(S("abc")), "YWJj");
  EXPECT_EQ(Encode(S("\xFB\xFF")), "+/8=");
  EXPECT_EQ(Encode(Value::Bool(true)), "dHJ1ZQ==");
  // A non-JSON payload (`*`) contributes its raw bytes.
  EXPECT_EQ(Encode(Value::Binary(std::string_view("\x00\x01\x02\xff", 4))), "AAEC/w==");
  EXPECT_EQ(Encode(Value::Binary(std::string_view())), "");
  Member m{"a", Value::Int(1)};
  EXPECT_EQ(Encode(Value::Object(&m, 1)), "eyJhIjoxfQ==");
  EXPECT_EQ(Encode(Value::Null()), "<undefined>");
  EXPECT_EQ(Encode(Value::Undefined()), "<undefined>");
  EXPECT_EQ(Text(Call("encode", {S("x"), S("BASE64")})), "eA==");
  EXPECT_EQ(Text(Call("encode", {S("x"), S("hex")})), "<undefined>");
  EXPECT_FALSE(error_.empty());
  EXPECT_EQ(Text(Call("encode", {S("x"), Value::Null()})), "<undefined>");
}

TEST_F(EncodingFnTest, DecodeBase64) {
  EXPECT_EQ(Text(Decode("aGVsbG8=")), "hello");
  EXPECT_EQ(Text(Decode("aGVsbG8gd29ybGQ=")), "hello world");
  Value obj = Decode("eyJhIjoxfQ==");
  ASSERT_TRUE(obj.is_object());
  EXPECT_EQ(Text(obj), "{\"a\":1}");
  Value num = Decode("MTIz");
  ASSERT_TRUE(num.is_int());
  EXPECT_EQ(num.as_int(), 123);
  EXPECT_EQ(Text(Decode("ODA=")), "80");
  EXPECT_TRUE(Decode("ODA=").is_int());
  EXPECT_EQ(Text(Decode("W10=")), "[]");
  EXPECT_EQ(Text(Decode("IkhpIg==")), "Hi");  // the JSON string "Hi"
  EXPECT_TRUE(Decode("bnVsbA==").is_null());  // the JSON document null
  EXPECT_TRUE(Decode("dHJ1ZQ==").is_true());
  EXPECT_EQ(Text(Decode("IHsiYSI6IFsxLCAyXX0g")), "{\"a\":[1,2]}");  // " {"a": [1, 2]} "
  EXPECT_EQ(Text(Decode("e2E6MX0=")), "{a:1}");  // not JSON: the text
  EXPECT_EQ(Text(Decode("")), "");
}

TEST_F(EncodingFnTest, DecodeFollowsSqlVersion) {
  EXPECT_EQ(Text(Decode("MS4w")), "1");  // "1.0": a whole Decimal is an Int in 2016-03-23
  ctx_.version = kV1;
  EXPECT_EQ(Text(Decode("MS4w")), "1.0");
  EXPECT_TRUE(Decode("MS4w").is_decimal());
}

TEST_F(EncodingFnTest, DecodeInvalidIsNull) {
  for (const char* bad : {"!!!", "a", "aGVsbA=", "aGVsbG8=x", "====", "aGVs bG8=", "aGVsbG8==",
                          "YQ=a", "-_-_", "aGVsbG8=\n", "=YQ", "Y===", "YQ==YQ=="}) {
    EXPECT_TRUE(Decode(bad).is_null()) << bad;
  }
  // Padding is optional (java.util.Base64 accepts its absence).
  EXPECT_EQ(Text(Decode("aGVsbG8")), "hello");
  EXPECT_EQ(Text(Decode("aGVsbA")), "hell");
  EXPECT_EQ(Text(Decode("aGVsbA==")), "hell");
}

TEST_F(EncodingFnTest, DecodedTextIsValidUtf8) {
  // Bytes that are not UTF-8 become U+FFFD, as Java's new String(bytes, UTF_8).
  EXPECT_EQ(Text(Decode("/w==")), "\xEF\xBF\xBD");
  EXPECT_EQ(Text(Call("decode", {Value::Int(123), S("base64")})), "\xEF\xBF\xBDm");  // D7 6D
  EXPECT_EQ(Text(Decode("YeKCrGI=")), "a€b");
  EXPECT_EQ(Text(Decode("YeKCYg==")), "a\xEF\xBF\xBD" "b");  // truncated €: one U+FFFD
  EXPECT_EQ(Text(Decode("7aCA")), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
}

TEST_F(EncodingFnTest, DecodeArguments) {
  EXPECT_TRUE(Call("decode", {Value::Null(), S("base64")}).is_undefined());
  EXPECT_TRUE(Call("decode", {Value::Undefined(), S("base64")}).is_undefined());
  EXPECT_TRUE(Call("decode", {S("YQ=="), S("hex")}).is_undefined());
  EXPECT_TRUE(Call("decode", {S("YQ=="), S("base64"), S("x")}).is_undefined());
  EXPECT_EQ(Text(Call("decode", {S("YQ=="), S("Base64")})), "a");
  // Protobuf needs the descriptor set from S3: the external provider's work (none here).
  Value proto = Call("decode", {Value::Binary("\x08\x01"), S("proto"), S("bucket"), S("key.desc"),
                                S("file.proto"), S("Message")});
  EXPECT_TRUE(proto.is_undefined());
  EXPECT_EQ(error_, "decode: no external provider configured");
  EXPECT_TRUE(Call("decode", {S("CAE="), S("proto")}).is_undefined());
  EXPECT_FALSE(error_.empty());
}

TEST_F(EncodingFnTest, RoundTrips) {
  // decode(encode(*, 'base64'), 'base64') on a raw payload (spec §16).
  Value enc = Call("encode", {Value::Binary("hello world"), S("base64")});
  EXPECT_EQ(Text(Call("decode", {enc, S("base64")})), "hello world");
  enc = Call("encode", {Value::Binary("{\"a\":1}"), S("base64")});
  Value dec = Call("decode", {enc, S("base64")});
  ASSERT_TRUE(dec.is_object());
  ASSERT_NE(dec.Find("a"), nullptr);
  EXPECT_EQ(dec.Find("a")->as_int(), 1);
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  enc = Call("encode", {Value::Binary(all), S("base64")});
  EXPECT_EQ(enc.as_string().size(), 344u);
}

TEST_F(EncodingFnTest, Hashes) {
  EXPECT_EQ(Hash("md2", S("hello")), "a9046c73e00331af68917d3804f70655");
  EXPECT_EQ(Hash("md5", S("hello")), "5d41402abc4b2a76b9719d911017c592");
  EXPECT_EQ(Hash("sha1", S("hello")), "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d");
  EXPECT_EQ(Hash("sha224", S("hello")),
            "ea09ae9cc6768c50fcee903ed054556e5bfc8347907f12598aa24193");
  EXPECT_EQ(Hash("sha256", S("hello")),
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  EXPECT_EQ(Hash("sha384", S("hello")),
            "59e1748777448c69de6b800d7a33bbfb9ff1b463e44354c3553bcdb9c666fa90125a3c79f90397b"
            "df5f6a13de828684f");
  EXPECT_EQ(Hash("sha512", S("hello")),
            "9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11"
            "d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043");
  EXPECT_EQ(Hash("md5", S("iot123")), "e37f81fb397e595c4aeb5645b8cbbbd1");
  EXPECT_EQ(Hash("md5", Value::Int(123)), "202cb962ac59075b964b07152d234b70");
  EXPECT_EQ(Hash("md5", S("")), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(Hash("md2", S("")), "8350e5a3e24c153df2275c9f80692773");
  EXPECT_EQ(Hash("md5", S("€")), "bca53fde466a76b7bee3e18997e94a7a");
  EXPECT_EQ(Hash("md5", Value::Bool(true)), "b326b5062b2f0e69046810717534cb09");
  Value a = S("a");
  EXPECT_EQ(Hash("md5", Value::Array(&a, 1)), "4c96bbc0e2390918dd50ef8e7eaff6e2");
  EXPECT_EQ(Hash("sha256", S(std::string(1000000, 'x'))),
            "1b977e9f84f1b26b6ed7f68b0498faee2385ea4125bd29adce4a7d9106ba3134");
  for (const char* h : {"md2", "md5", "sha1", "sha224", "sha256", "sha384", "sha512"}) {
    EXPECT_EQ(Hash(h, Value::Null()), "<undefined>") << h;
    EXPECT_EQ(Hash(h, Value::Undefined()), "<undefined>") << h;
  }
  ctx_.version = SqlVersion::k2015_10_08;
  EXPECT_EQ(Hash("md5", S("hello")), "5d41402abc4b2a76b9719d911017c592");
}

TEST_F(EncodingFnTest, Md2Rfc1319Vectors) {
  struct {
    const char* in;
    const char* hex;
  } cases[] = {
      {"a", "32ec01ec4a6dac72c0ab96fb34c0b5d1"},
      {"abc", "da853b0d3f88d99b30283a69e6ded6bb"},
      {"message digest", "ab4f496bfb2a530b219ff33031fe06b0"},
      {"abcdefghijklmnopqrstuvwxyz", "4e8ddff3650292ab5a4108c3aa47940b"},
      {"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
       "da33def2a42df13975352846c30338cd"},
      {"1234567890123456789012345678901234567890123456789012345678901234567890123456789"
       "0",
       "d5976f79d83d3a0dc9806c3c66f3efd8"},
  };
  for (const auto& c : cases) EXPECT_EQ(Hash("md2", S(c.in)), c.hex) << c.in;
  // Exactly one block of input still gets a full padding block.
  EXPECT_EQ(Hash("md2", S("0123456789abcdef")).size(), 32u);
}

}  // namespace
}  // namespace iotsql
