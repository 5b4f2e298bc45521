// ObjectBuilder: the SELECT output object — item order, the last item winning a name at the
// first item's position, dotted aliases merging into nested objects, Undefined items left out,
// `*` spreading an object's members or making the output a non-JSON payload's bytes, nesting,
// and reuse from message to message.
#include "vm/object_builder.h"

#include <algorithm>
#include <deque>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "value/convert.h"

namespace iotsql {
namespace {

std::string Json(const Value& v) {
  if (v.is_undefined()) return "<undefined>";
  if (v.is_binary()) return "<binary " + std::string(v.as_string()) + ">";
  std::string out;
  AppendJson(v, &out);
  return out;
}

class ObjectBuilderTest : public ::testing::Test {
 public:
  // Alias paths live as long as the test, like a program's path table (the builder keeps views).
  const std::vector<std::string>& P(const char* dotted) {
    std::vector<std::string> parts = absl::StrSplit(dotted, '.');
    paths_.push_back(std::move(parts));
    return paths_.back();
  }
  void Set(const char* dotted, const Value& v) { b_.Set(P(dotted), v); }
  Value O(std::initializer_list<std::pair<const char*, Value>> members) {
    Member* p = arena_.AllocateArray<Member>(members.size());
    size_t i = 0;
    for (const auto& m : members) p[i++] = Member{m.first, m.second};
    return Value::Object(p, static_cast<uint32_t>(members.size()));
  }
  std::string Build(void (*fill)(ObjectBuilderTest*)) {
    b_.Reset();
    b_.Begin();
    fill(this);
    return Json(b_.End(&arena_));
  }

  std::deque<std::vector<std::string>> paths_;
  Arena arena_;
  ObjectBuilder b_;
};

Value I(int64_t i) { return Value::Int(i); }

TEST_F(ObjectBuilderTest, EmptyObject) {
  b_.Reset();
  b_.Begin();
  Value v = b_.End(&arena_);
  ASSERT_TRUE(v.is_object());
  EXPECT_EQ(v.size(), 0u);
  EXPECT_EQ(Json(v), "{}");
}

TEST_F(ObjectBuilderTest, ItemsKeepTheirOrder) {
  EXPECT_EQ(Build([](ObjectBuilderTest* t) {
              t->Set("zeta", I(1));
              t->Set("alpha", Value::String("s"));
              t->Set("mid", Value::Null());
              t->Set("b", Value::Bool(false));
            }),
            R"({"zeta":1,"alpha":"s","mid":null,"b":false})");
}

TEST_F(ObjectBuilderTest, LastItemWinsAtTheFirstPosition) {
  EXPECT_EQ(Build([](ObjectBuilderTest* t) {
              t->Set("a", I(1));
              t->Set("b", I(2));
              t->Set("a", I(3));
              t->Set("c", I(4));
              t->Set("a", Value::String("last"));
            }),
            R"({"a":"last","b":2,"c":4})");
}

TEST_F(ObjectBuilderTest, DottedPathsMergeIntoNestedObjects) {
  EXPECT_EQ(Build([](ObjectBuilderTest* t) {
              t->Set("state.x", I(1));
              t->Set("state.y", I(2));
              t->Set("z", I(3));
            }),
            R"({"state":{"x":1,"y":2},"z":3})");
  // Interleaved with other items: merged at the first position of the prefix.
  EXPECT_EQ(Build([](ObjectBuilderTest* t) {
              t->Set("state.x", I(1));
              t->Set("z", I(3));
              t->Set("state.y", I(2));
            }),
            R"({"state":{"x":1,"y":2},"z":3})");
  // Several levels, and a repeated deep name.
  EXPECT_EQ(Build([](ObjectBuilderTest* t) {
              t->Set("a.b.c", I(1));
              t->Set("a.e", I(3));
              t->Set("a.b.d", I(2));
              t->Set("a.b.c", I(9));
            }),
            R"({"a":{"b":{"c":9,"d":2},"e":3}})");
  // The same last name under different prefixes does not collide.
  EXPECT_EQ(Build([](ObjectBuilderTest* t) {
              t->Set("p.v", I(1));
              t->Set("q.v", I(2));
              t->Set("v", I(3));
            }),
            R"({"p":{"v":1},"q":{"v":2},"v":3})");
}

TEST_F(ObjectBuilderTest, DottedPathReplacesAPlainValueInPlace) {
  EXPECT_EQ(Build([](ObjectBuilderTest* t) {
              t->Set("x", I(0));
              t->Set("a", I(1));
              t->Set("y", I(9));
              t->Set("a.b", I(2));
            }),
            R"({"x":0,"a":{"b":2},"y":9})");
  // An Object value is extended, as items under one prefix merge (open question 27).
  EXPECT_EQ(Build([](ObjectBuilderTest* t) {
              t->Set("a", t->O({{"old", I(1)}}));
              t->Set("a.b", I(2));
            }),
            R"({"a":{"old":1,"b":2}})");
}

TEST_F(ObjectBuilderTest, PlainValueReplacesADottedPath) {
  EXPECT_EQ(Build([](ObjectBuilderTest* t) {
              t->Set("a.b", I(2));
              t->Set("c", I(3));
              t->Set("a", I(1));
            }),
            R"({"a":1,"c":3})");
  // ... and a later dotted path starts a fresh object: the replaced members do not come back.
  EXPECT_EQ(Build([](ObjectBuilderTest* t) {
              t->Set("a.b", I(2));
              t->Set("a", I(1));
              t->Set("a.c", I(3));
            }),
            R"({"a":{"c":3}})");
  // A deeper plain value replaces a nested prefix.
  EXPECT_EQ(Build([](ObjectBuilderTest* t) {
              t->Set("a.b.c", I(1));
              t->Set("a.d", I(2));
              t->Set("a.b", Value::String("flat"));
            }),
            R"({"a":{"b":"flat","d":2}})");
}

TEST_F(ObjectBuilderTest, UndefinedItemsAreLeftOut) {
  EXPECT_EQ(Build([](ObjectBuilderTest* t) {
              t->Set("a", Value::Undefined());
              t->Set("b", I(1));
              t->Set("c.d", Value::Undefined());  // no empty "c" object either
              t->Set("n", Value::Null());         // Null is a value
            }),
            R"({"b":1,"n":null})");
  // An Undefined later item does not remove an earlier value of the same name.
  EXPECT_EQ(Build([](ObjectBuilderTest* t) {
              t->Set("a", I(1));
              t->Set("a", Value::Undefined());
              t->Set("s.x", I(2));
              t->Set("s.x", Value::Undefined());
            }),
            R"({"a":1,"s":{"x":2}})");
  EXPECT_EQ(Build([](ObjectBuilderTest* t) { t->Set("only", Value::Undefined()); }), "{}");
}

TEST_F(ObjectBuilderTest, SpreadCopiesObjectMembersInOrder) {
  EXPECT_EQ(Build([](ObjectBuilderTest* t) {
              t->b_.Spread(t->O({{"a", I(1)}, {"b", I(2)}, {"u", Value::Undefined()}}));
              t->Set("speed", I(15));
            }),
            R"({"a":1,"b":2,"speed":15})");
  // A later item overrides a spread member at the member's position.
  EXPECT_EQ(Build([](ObjectBuilderTest* t) {
              t->b_.Spread(t->O({{"a", I(1)}, {"b", I(2)}}));
              t->Set("a", I(3));
            }),
            R"({"a":3,"b":2})");
  // A spread after an item overrides it in place.
  EXPECT_EQ(Build([](ObjectBuilderTest* t) {
              t->Set("c", I(0));
              t->b_.Spread(t->O({{"a", I(1)}, {"c", I(5)}}));
            }),
            R"({"c":5,"a":1})");
  // A dotted alias into a spread Object member extends it.
  EXPECT_EQ(Build([](ObjectBuilderTest* t) {
              t->b_.Spread(t->O({{"a", t->O({{"x", I(1)}})}, {"b", I(2)}}));
              t->Set("a.y", I(2));
            }),
            R"({"a":{"x":1,"y":2},"b":2})");
}

TEST_F(ObjectBuilderTest, SpreadOfANonObjectAddsNothing) {
  EXPECT_EQ(Build([](ObjectBuilderTest* t) {
              t->Set("k", I(1));
              Value items[] = {I(1), I(2)};
              t->b_.Spread(Value::Array(items, 2));
              t->b_.Spread(Value::String("text"));
              t->b_.Spread(I(7));
              t->b_.Spread(Value::Null());
              t->b_.Spread(Value::Undefined());
            }),
            R"({"k":1})");
}

TEST_F(ObjectBuilderTest, SpreadOfBinaryMakesTheOutputTheBytes) {
  b_.Reset();
  b_.Begin();
  b_.Spread(Value::Binary("\x01raw"));
  Set("principal", Value::String("p"));  // open question 15: the bytes go out unchanged
  Value v = b_.End(&arena_);
  ASSERT_TRUE(v.is_binary());
  EXPECT_EQ(v.as_string(), "\x01raw");

  // Items before the bytes do not matter either.
  b_.Reset();
  b_.Begin();
  Set("a", I(1));
  b_.Spread(Value::Binary("bytes"));
  v = b_.End(&arena_);
  ASSERT_TRUE(v.is_binary());
  EXPECT_EQ(v.as_string(), "bytes");
}

TEST_F(ObjectBuilderTest, NestedBeginEnd) {
  // A nested query builds its own object while the outer one is open.
  b_.Reset();
  b_.Begin();
  Set("a", I(1));
  Set("s.x", I(0));
  b_.Begin();
  Set("a", I(100));  // same names in the inner object do not touch the outer one
  Set("s.y", I(2));
  Value inner = b_.End(&arena_);
  b_.Begin();
  b_.Spread(Value::Binary("bin"));  // the inner object's bytes stay inside it
  Value inner_binary = b_.End(&arena_);
  Set("inner", inner);
  Set("s.z", I(3));
  Set("bytes", inner_binary);
  Value outer = b_.End(&arena_);
  EXPECT_EQ(Json(inner), R"({"a":100,"s":{"y":2}})");
  EXPECT_EQ(Json(outer),
            R"({"a":1,"s":{"x":0,"z":3},"inner":{"a":100,"s":{"y":2}},"bytes":"Ymlu"})");
}

TEST_F(ObjectBuilderTest, ReuseAfterReset) {
  std::string first = Build([](ObjectBuilderTest* t) {
    for (int i = 0; i < 50; ++i) {
      t->paths_.push_back({"n" + std::to_string(i), "x"});
      t->b_.Set(t->paths_.back(), I(i));
    }
    t->b_.Spread(Value::Binary("b"));
  });
  EXPECT_EQ(first, "<binary b>");
  // Nothing from the previous message leaks: no members, no nested nodes, no binary flag.
  EXPECT_EQ(Build([](ObjectBuilderTest* t) { t->Set("n0", I(7)); }), R"({"n0":7})");
  EXPECT_EQ(Build([](ObjectBuilderTest* t) {
              t->Set("n1.y", I(1));
              t->Set("n2", I(2));
            }),
            R"({"n1":{"y":1},"n2":2})");
  EXPECT_EQ(Build([](ObjectBuilderTest*) {}), "{}");
}

TEST_F(ObjectBuilderTest, BuiltValuesOutliveTheBuildersNextMessage) {
  b_.Reset();
  b_.Begin();
  Set("a.b", I(1));
  Set("c", I(2));
  Value kept = b_.End(&arena_);  // lives in the arena, not in the builder's nodes
  b_.Reset();
  b_.Begin();
  Set("x.y", I(9));
  Set("z", I(8));
  Set("a", I(0));
  Value other = b_.End(&arena_);
  EXPECT_EQ(Json(kept), R"({"a":{"b":1},"c":2})");
  EXPECT_EQ(Json(other), R"({"x":{"y":9},"z":8,"a":0})");
}

TEST_F(ObjectBuilderTest, ManyPlainValuesTurnedIntoNestedObjects) {
  // Each dotted path below needs a new node while the parent's entries are being searched.
  std::string expected = "{";
  b_.Reset();
  b_.Begin();
  for (int i = 0; i < 200; ++i) Set(("k" + std::to_string(i)).c_str(), I(i));
  for (int i = 0; i < 200; ++i) {
    paths_.push_back({"k" + std::to_string(i), "v"});
    b_.Set(paths_.back(), I(i * 2));
    if (i > 0) expected += ",";
    expected += "\"k" + std::to_string(i) + "\":{\"v\":" + std::to_string(i * 2) + "}";
  }
  expected += "}";
  EXPECT_EQ(Json(b_.End(&arena_)), expected);
}

TEST(ObjectBuilderLarge, SpreadThenItemsOverALargeObject) {
  // Spreading looks keys up only among the entries present before it (an Object's keys are
  // unique), so a wide payload costs one pass. Checked for results here, measured in
  // bench/scaling_bench.cc.
  std::vector<std::string> keys;
  for (int i = 0; i < 5000; ++i) keys.push_back("k" + std::to_string(i));
  std::vector<Member> members;
  for (int i = 0; i < 5000; ++i) members.push_back(Member{keys[i], Value::Int(i)});
  Value object = Value::Object(members.data(), 5000);
  ObjectBuilder b;
  Arena arena;
  std::vector<std::string> first = {"k10"}, extra = {"extra"}, again = {"k20"};
  b.Begin();
  b.Set(first, Value::Int(-10));   // before the spread: the spread's k10 replaces it in place
  b.Spread(object);
  b.Set(extra, Value::Int(1));
  b.Set(again, Value::Int(-20));   // after: replaces k20 in place
  Value v = b.End(&arena);
  ASSERT_EQ(v.size(), 5001u);
  EXPECT_EQ(v.members()[0].key, "k10");
  EXPECT_EQ(v.members()[0].value.as_int(), 10);
  EXPECT_EQ(v.Find("k20")->as_int(), -20);
  EXPECT_EQ(v.members()[5000].key, "extra");
}

}  // namespace
}  // namespace iotsql
