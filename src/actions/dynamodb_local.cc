#include <sqlite3.h>

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "actions/append_log.h"
#include "value/convert.h"
#include "value/json_doc.h"
#include "actions/local_backends.h"

namespace iotsql::actions {
namespace {

constexpr char kMetaTable[] = "_iotsql_tables";

absl::Status SqlError(sqlite3* db, int rc, std::string_view what) {
  std::string text = absl::StrCat("local DynamoDB (SQLite) ", absl::string_view(what.data(), what.size()),
                                  ": ", sqlite3_errmsg(db));
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) return absl::UnavailableError(text);
  return absl::InternalError(text);
}

std::string Quote(const std::string& identifier) {
  return absl::StrCat("\"", absl::StrReplaceAll(identifier, {{"\"", "\"\""}}), "\"");
}

// A prepared statement that finalizes itself.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) {
    rc_ = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  bool ok() const { return rc_ == SQLITE_OK; }
  int rc() const { return rc_; }
  void Bind(int i, const std::string& text) {
    sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  int Step() { return rc_ = sqlite3_step(stmt_); }
  std::string Column(int i) {
    const unsigned char* p = sqlite3_column_text(stmt_, i);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_, i)))
             : std::string();
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

absl::Status CheckTableName(const std::string& t) {
  bool ok = t.size() >= 3 && t.size() <= 255 && t != kMetaTable && t.rfind("sqlite_", 0) != 0;
  for (char c : t) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '-' || c == '.');
  }
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      "DynamoDB: table name \"", t, "\" is invalid (3-255 characters of a-z A-Z 0-9 _ - .)"));
}

const char* TypeName(KeyType t) { return t == KeyType::kNumber ? "N" : "S"; }

// The key part a v2 item holds in attribute `name`.
absl::StatusOr<DynamoKeyPart> KeyFromItem(const DynamoWrite& w, const std::string& name) {
  for (const DynamoAttribute& a : w.attributes) {
    if (a.name != name) continue;
    absl::StatusOr<JsonNode> v = ParseJsonDoc(a.plain_json, kServiceJson);
    if (v.ok() && v->type == JsonNode::Type::kString && !v->text.empty()) {
      return DynamoKeyPart{name, KeyType::kString, v->text};
    }
    if (v.ok() && v->type == JsonNode::Type::kNumber) {
      return DynamoKeyPart{name, KeyType::kNumber, v->text};
    }
    return absl::InvalidArgumentError(absl::StrCat(
        "One or more parameter values were invalid: key attribute ", name,
        " must be a non-empty string or a number"));
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "One or more parameter values were invalid: Missing the key ", name, " in the item"));
}

std::string KeyText(const DynamoKeyPart& p) {
  return p.type == KeyType::kNumber ? CanonicalNumber(p.value) : p.value;
}

// Sets member `name` of a JSON object given as text (appending it when absent).
std::string SetMember(const std::string& object_json, const std::string& name,
                      const std::string& value_json) {
  absl::StatusOr<JsonNode> obj = ParseJsonDoc(object_json, kServiceJson);
  absl::StatusOr<JsonNode> value = ParseJsonDoc(value_json, kServiceJson);
  if (!obj.ok() || !obj->is_object() || !value.ok()) return object_json;
  bool replaced = false;
  for (JsonMember& m : obj->members) {
    if (m.key == name) {
      m.value = *value;
      replaced = true;
    }
  }
  if (!replaced) obj->members.push_back(JsonMember{name, 0, std::move(*value)});
  std::string out;
  AppendJsonDoc(*obj, &out);
  return out;
}

}  // namespace

struct DynamoDbLocalStore::Schema {
  std::string hash_key;
  KeyType hash_type = KeyType::kString;
  std::string range_key;
  KeyType range_type = KeyType::kString;
};

absl::StatusOr<std::unique_ptr<DynamoDbLocalStore>> DynamoDbLocalStore::Open(
    const std::string& path, const std::map<std::string, LocalSinkOptions::KeySchema>& keys) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    absl::Status s = absl::InternalError(
        absl::StrCat("cannot open ", path, ": ", db ? sqlite3_errmsg(db) : "out of memory"));
    sqlite3_close(db);
    return s;
  }
  sqlite3_busy_timeout(db, 5000);
  std::unique_ptr<DynamoDbLocalStore> store(new DynamoDbLocalStore(db, keys));
  // WAL: the sqlite3 shell can read while the engine writes.
  absl::Status s = store->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
  if (s.ok()) {
    s = store->Exec(absl::StrCat(
        "CREATE TABLE IF NOT EXISTS ", kMetaTable,
        " (table_name TEXT PRIMARY KEY, hash_key TEXT NOT NULL, hash_type TEXT NOT NULL,"
        " range_key TEXT NOT NULL DEFAULT '', range_type TEXT NOT NULL DEFAULT '',"
        " source TEXT NOT NULL)"));
  }
  if (!s.ok()) return s;
  return store;
}

DynamoDbLocalStore::~DynamoDbLocalStore() { sqlite3_close(db_); }

absl::Status DynamoDbLocalStore::Exec(const std::string& sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return absl::OkStatus();
  std::string text = error ? error : sqlite3_errstr(rc);
  sqlite3_free(error);
  absl::Status s = absl::InternalError(absl::StrCat("local DynamoDB (SQLite): ", text));
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) s = absl::UnavailableError(s.message());
  return s;
}

absl::StatusOr<DynamoDbLocalStore::Schema> DynamoDbLocalStore::TableSchema(const DynamoWrite& w) {
  Statement find(db_, absl::StrCat("SELECT table_name, hash_key, hash_type, range_key, range_type "
                                   "FROM ", kMetaTable, " WHERE table_name = ? COLLATE NOCASE"));
  if (!find.ok()) return SqlError(db_, find.rc(), "reading the table list");
  find.Bind(1, w.table);
  if (find.Step() == SQLITE_ROW) {
    if (find.Column(0) != w.table) {
      return absl::FailedPreconditionError(absl::StrCat(
          "local DynamoDB: table \"", w.table, "\" differs only in case from table \"",
          find.Column(0), "\", and SQLite table names ignore case"));
    }
    Schema s;
    s.hash_key = find.Column(1);
    s.hash_type = find.Column(2) == "N" ? KeyType::kNumber : KeyType::kString;
    s.range_key = find.Column(3);
    s.range_type = find.Column(4) == "N" ? KeyType::kNumber : KeyType::kString;
    if (!w.key.empty()) {
      bool same = w.key[0].name == s.hash_key && w.key[0].type == s.hash_type &&
                  (w.key.size() > 1 ? w.key[1].name == s.range_key && w.key[1].type == s.range_type
                                    : s.range_key.empty());
      if (!same) {
        return absl::InvalidArgumentError(absl::StrCat(
            "One or more parameter values were invalid: the action's key does not match table ",
            w.table, "'s key schema (hash ", s.hash_key, " ", TypeName(s.hash_type),
            s.range_key.empty() ? "" : absl::StrCat(", range ", s.range_key, " ", TypeName(s.range_type)),
            ")"));
      }
    }
    return s;
  }
  // A table's first write creates it, with the key schema the action (or configuration) gives.
  Schema s;
  std::string source;
  if (!w.key.empty()) {
    s.hash_key = w.key[0].name;
    s.hash_type = w.key[0].type;
    if (w.key.size() > 1) {
      s.range_key = w.key[1].name;
      s.range_type = w.key[1].type;
    }
    source = "dynamoDB action";
  } else {
    auto configured = configured_.find(w.table);
    if (configured != configured_.end()) {
      s.hash_key = configured->second.hash_key;
      s.range_key = configured->second.range_key;
      source = "configured";
    } else if (!w.attributes.empty()) {
      s.hash_key = w.attributes.front().name;
      source = "inferred: first member of the first item";
    } else {
      return absl::InvalidArgumentError("One or more parameter values were invalid: empty item");
    }
    absl::StatusOr<DynamoKeyPart> hash = KeyFromItem(w, s.hash_key);
    if (!hash.ok()) return hash.status();
    s.hash_type = hash->type;
    if (!s.range_key.empty()) {
      absl::StatusOr<DynamoKeyPart> range = KeyFromItem(w, s.range_key);
      if (!range.ok()) return range.status();
      s.range_type = range->type;
    }
  }
  absl::Status st = Exec(absl::StrCat(
      "CREATE TABLE IF NOT EXISTS ", Quote(w.table),
      " (pk TEXT NOT NULL, sk TEXT NOT NULL DEFAULT '', item TEXT NOT NULL,"
      " attributes TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (pk, sk))"));
  if (!st.ok()) return st;
  Statement insert(db_, absl::StrCat("INSERT INTO ", kMetaTable, " VALUES (?, ?, ?, ?, ?, ?)"));
  insert.Bind(1, w.table);
  insert.Bind(2, s.hash_key);
  insert.Bind(3, TypeName(s.hash_type));
  insert.Bind(4, s.range_key);
  insert.Bind(5, s.range_key.empty() ? "" : TypeName(s.range_type));
  insert.Bind(6, source);
  if (insert.Step() != SQLITE_DONE) return SqlError(db_, insert.rc(), "creating a table");
  return s;
}

absl::Status DynamoDbLocalStore::Apply(const DynamoWrite& w) {
  absl::Status st = CheckTableName(w.table);
  if (!st.ok()) return st;
  std::lock_guard<std::mutex> lock(mu_);
  absl::StatusOr<Schema> schema = TableSchema(w);
  if (!schema.ok()) return schema.status();
  // The key values, from the action (v1) or from the item's attributes (v2).
  std::string pk, sk;
  if (!w.key.empty()) {
    pk = KeyText(w.key[0]);
    if (w.key.size() > 1) sk = KeyText(w.key[1]);
  } else {
    for (int part = 0; part < 2; ++part) {
      const std::string& name = part == 0 ? schema->hash_key : schema->range_key;
      KeyType type = part == 0 ? schema->hash_type : schema->range_type;
      if (name.empty()) continue;
      absl::StatusOr<DynamoKeyPart> key = KeyFromItem(w, name);
      if (!key.ok()) return key.status();
      if (key->type != type) {
        return absl::InvalidArgumentError(absl::StrCat(
            "One or more parameter values were invalid: Type mismatch for key ", name,
            " expected: ", TypeName(type), " actual: ", TypeName(key->type)));
      }
      (part == 0 ? pk : sk) = KeyText(*key);
    }
  }
  const std::string table = Quote(w.table);
  if (w.op == DynamoWrite::Op::kDelete) {
    Statement del(db_, absl::StrCat("DELETE FROM ", table, " WHERE pk = ? AND sk = ?"));
    del.Bind(1, pk);
    del.Bind(2, sk);
    if (del.Step() != SQLITE_DONE) return SqlError(db_, del.rc(), "deleting an item");
    return absl::OkStatus();
  }
  std::string item = "{", attributes = "{";
  if (w.op == DynamoWrite::Op::kUpdate) {
    // UpdateItem: SET the payload attribute on the item (created from its key when absent).
    Statement read(db_, absl::StrCat("SELECT item, attributes FROM ", table,
                                     " WHERE pk = ? AND sk = ?"));
    read.Bind(1, pk);
    read.Bind(2, sk);
    int rc = read.Step();
    if (rc == SQLITE_ROW) {
      item = read.Column(0);
      attributes = read.Column(1);
    } else if (rc != SQLITE_DONE) {
      return SqlError(db_, rc, "reading an item");
    } else {
      for (size_t i = 0; i < w.key.size(); ++i) {
        const DynamoKeyPart& k = w.key[i];
        std::string plain =
            k.type == KeyType::kNumber ? CanonicalNumber(k.value) : JsonStringOfBytes(k.value);
        absl::StrAppend(&item, i ? "," : "", JsonStringOfBytes(k.name), ":", plain);
        absl::StrAppend(&attributes, i ? "," : "", JsonStringOfBytes(k.name), ":",
                        KeyAttributeValue(k));
      }
      item += "}";
      attributes += "}";
    }
    for (const DynamoAttribute& a : w.attributes) {
      item = SetMember(item, a.name, a.plain_json);
      attributes = SetMember(attributes, a.name, a.typed_json);
    }
  } else {
    for (size_t i = 0; i < w.attributes.size(); ++i) {
      const DynamoAttribute& a = w.attributes[i];
      absl::StrAppend(&item, i ? "," : "", JsonStringOfBytes(a.name), ":", a.plain_json);
      absl::StrAppend(&attributes, i ? "," : "", JsonStringOfBytes(a.name), ":", a.typed_json);
    }
    item += "}";
    attributes += "}";
  }
  Statement put(db_, absl::StrCat("INSERT OR REPLACE INTO ", table,
                                  " (pk, sk, item, attributes, updated_at) VALUES (?, ?, ?, ?, ?)"));
  put.Bind(1, pk);
  put.Bind(2, sk);
  put.Bind(3, item);
  put.Bind(4, attributes);
  put.Bind(5, NowIso8601());
  if (put.Step() != SQLITE_DONE) return SqlError(db_, put.rc(), "writing an item");
  return absl::OkStatus();
}

}  // namespace iotsql::actions
