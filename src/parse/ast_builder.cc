#include "parse/ast_builder.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "common/string_view.h"
#include "parse/string_literal.h"
#include "parse/syntax_error.h"

namespace iotsql::parse {

namespace {

using ast::ExprKind;
using Built = BuiltExpr;

template <typename... B>
std::vector<Built> List(B&&... b) {
  std::vector<Built> v;
  v.reserve(sizeof...(b));
  (v.push_back(std::move(b)), ...);
  return v;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

// ---- helpers -----------------------------------------------------------------------------------

Span AstBuilder::SpanOf(antlr4::Token* token) const { return TokenSpan(source_, token); }

Span AstBuilder::SpanOf(antlr4::tree::TerminalNode* node) const {
  return node == nullptr ? Span{} : TokenSpan(source_, node->getSymbol());
}

// From the first token to the last; an empty context (stop before start) is empty at its start.
Span AstBuilder::SpanOf(antlr4::ParserRuleContext* ctx) const {
  if (ctx == nullptr || ctx->start == nullptr) return {};
  Span span = TokenSpan(source_, ctx->start);
  if (ctx->stop == nullptr || ctx->stop->getTokenIndex() < ctx->start->getTokenIndex()) {
    span.end = span.begin;
  } else {
    span.end = std::max(span.begin, TokenSpan(source_, ctx->stop).end);
  }
  return span;
}

std::string_view AstBuilder::TextOf(Span span) const {
  std::string_view text = source_.text();
  if (span.begin > text.size()) return {};
  return text.substr(span.begin, span.end - span.begin);
}

// The source text of a span for a hint, or `fallback` when it would not read well there.
std::string AstBuilder::Snippet(Span span, std::string_view fallback) const {
  std::string_view text = Trim(TextOf(span));
  if (text.empty() || text.size() > 40 || text.find('\n') != std::string_view::npos) {
    return std::string(fallback);
  }
  return std::string(text);
}

void AstBuilder::Error(Span span, std::string message, std::string hint) {
  Diagnostic d;
  d.span = span;
  d.message = std::move(message);
  d.check = "syntax";
  d.hint = std::move(hint);
  diagnostics_->push_back(std::move(d));
}

// A node over `children`; empty when a child is missing (partial tree) or the tree is too deep.
AstBuilder::Built AstBuilder::Make(ExprKind kind, Span span, std::vector<Built> children,
                                   std::string text) {
  Built out;
  auto expr = std::make_unique<ast::Expr>();
  expr->kind = kind;
  expr->span = span;
  expr->text = std::move(text);
  expr->children.reserve(children.size());
  for (Built& child : children) {
    if (child.expr == nullptr) return {};
    out.depth = std::max(out.depth, child.depth);
    expr->children.push_back(std::move(child.expr));
  }
  ++out.depth;
  if (TooDeep(out.depth, span)) return {};
  out.expr = std::move(expr);
  return out;
}

bool AstBuilder::TooDeep(int depth, Span span) {
  if (depth <= max_depth_) return false;
  if (!too_deep_) {
    too_deep_ = true;
    Error(span, "expression nested too deeply",
          "split it up; a long chain of OR comparisons can often be written as x IN [...]");
  }
  return true;
}

void AstBuilder::CheckOperand(const Built& operand) {
  if (operand.expr != nullptr && operand.expr->kind == ExprKind::kWildcard) {
    Error(operand.expr->span, "'*' cannot be an operand of an operator",
          "use a member such as *.name, or get(*, 'name')");
  }
}

std::string AstBuilder::Unescape(Span literal) {
  std::string value;
  EscapeError error;
  if (!UnescapeStringLiteral(TextOf(literal), &value, &error)) {
    uint32_t at = literal.begin + static_cast<uint32_t>(error.offset);
    Error({at, at + static_cast<uint32_t>(error.length)}, "invalid \\u escape in string literal",
          "write \\u and four hex digits, e.g. \\u00e9; a character above U+FFFF is a surrogate "
          "pair such as \\ud83d\\ude00");
  }
  return value;
}

// ---- statement ---------------------------------------------------------------------------------

std::unique_ptr<ast::Statement> AstBuilder::BuildStatement(P::StatementContext* ctx) {
  auto statement = std::make_unique<ast::Statement>();
  if (ctx == nullptr) return statement;
  std::vector<P::ClauseContext*> clauses = ctx->clause();
  bool has_select = false;
  for (P::ClauseContext* clause : clauses) has_select = has_select || clause->selectClause();
  bool seen_set = false, seen_select = false, seen_from = false, seen_where = false;
  const char* order_hint = "the order is SET ... SELECT ... FROM '...' WHERE ...";
  for (P::ClauseContext* clause : clauses) {
    if (P::SetClauseContext* c = clause->setClause()) {
      Span keyword = SpanOf(c->K_SET());
      if (seen_select) {
        Error(keyword, "SET must come before SELECT", "move the SET clause to the start");
      } else if (seen_set) {
        Error(keyword, "SET may appear only once",
              "assign all variables in one SET, separated by commas: SET @a = ..., @b = ...");
      }
      seen_set = true;
      BuildSet(c, statement.get());
    } else if (P::SelectClauseContext* c = clause->selectClause()) {
      if (seen_select) {
        Error(SpanOf(c->K_SELECT()), "SELECT may appear only once",
              "a nested query goes in parentheses: (SELECT ... FROM ...)");
        ast::Select ignored;
        BuildSelectList(c->selectList(), &ignored);
      } else {
        statement->select.span = SpanOf(c);
        BuildSelectList(c->selectList(), &statement->select);
      }
      seen_select = true;
    } else if (P::FromClauseContext* c = clause->fromClause()) {
      Span keyword = SpanOf(c->K_FROM());
      if (seen_from) {
        Error(keyword, "FROM may appear only once", "a rule reads one topic filter; use + and #");
      } else if (has_select && !seen_select) {
        Error(keyword, "FROM must come after SELECT", order_hint);
      } else if (seen_where) {
        Error(keyword, "FROM must come before WHERE", order_hint);
      }
      seen_from = true;
      BuildFrom(c, statement.get());
    } else if (P::WhereClauseContext* c = clause->whereClause()) {
      Span keyword = SpanOf(c->K_WHERE());
      if (seen_where) {
        Error(keyword, "WHERE may appear only once", "combine the conditions with AND");
      } else if (has_select && !seen_select) {
        Error(keyword, "WHERE must come after SELECT", order_hint);
      }
      seen_where = true;
      if (c->expr() != nullptr) {
        statement->select.where = Expr(c->expr()).expr;
      } else if (!partial_) {
        Error(keyword, "WHERE needs an expression",
              "add a condition, e.g. WHERE temperature > 50, or remove WHERE");
      }
    } else if (P::UnsupportedClauseContext* c = clause->unsupportedClause()) {
      BuildUnsupported(c);
    }
  }
  if (!has_select && !partial_) {
    Span at = clauses.empty() ? SpanOf(ctx->start) : SpanOf(clauses[0]->start);
    Error(at, "SELECT is required", "a rule statement reads SELECT ... FROM 'topic/filter'");
  }
  if (antlr4::tree::TerminalNode* semi = ctx->SEMI()) {
    Error(SpanOf(semi), "';' is not part of AWS IoT SQL", "remove the ';'");
  }
  return statement;
}

std::unique_ptr<ast::Expr> AstBuilder::BuildExpression(P::ExpressionOnlyContext* ctx) {
  if (ctx == nullptr) return nullptr;
  return Expr(ctx->expr()).expr;
}

void AstBuilder::BuildSet(P::SetClauseContext* ctx, ast::Statement* statement) {
  for (P::AssignmentContext* a : ctx->assignment()) {
    if (a->target == nullptr) continue;
    ast::Assignment assignment;
    assignment.span = SpanOf(a);
    assignment.variable_span = SpanOf(a->target);
    std::string_view name = TextOf(assignment.variable_span);
    if (a->target->getType() == P::IDENT) {
      Error(assignment.variable_span, "variable names start with '@'",
            "write SET @" + std::string(name) + " = ...");
      assignment.variable = std::string(name);
    } else {
      assignment.variable = std::string(name.substr(1));
    }
    assignment.value = Expr(a->expr()).expr;
    statement->set.push_back(std::move(assignment));
  }
}

void AstBuilder::BuildFrom(P::FromClauseContext* ctx, ast::Statement* statement) {
  if (ctx->topic != nullptr) {
    Span topic = SpanOf(ctx->topic);
    std::string filter = Unescape(topic);
    if (TextOf(topic)[0] == '"') {
      Error(topic, "the topic filter must be single-quoted", "write FROM '" + filter + "'");
    }
    statement->has_from = true;
    statement->topic_filter = std::move(filter);
    statement->topic_span = topic;
  } else if (P::TopicWordsContext* words = ctx->topicWords()) {
    Span span = SpanOf(words);
    Error(span, "the topic filter must be single-quoted",
          "write FROM '" + std::string(TextOf(span)) + "'");
  } else if (!partial_) {
    Error(SpanOf(ctx->K_FROM()), "FROM needs a topic filter",
          "write FROM 'topic/filter', e.g. FROM 'sensors/+/data'");
  }
}

void AstBuilder::BuildUnsupported(P::UnsupportedClauseContext* ctx) {
  antlr4::Token* keyword = ctx->start;
  Span span = SpanOf(keyword);
  std::string word = Upper(TextOf(span));
  if (keyword->getType() == P::K_GROUP || keyword->getType() == P::K_ORDER) {
    word += " BY";
    P::UnsupportedRestContext* rest = ctx->unsupportedRest();
    if (rest != nullptr && rest->start != nullptr && rest->start->getType() == P::K_BY) {
      span.end = SpanOf(rest->start).end;
    }
  }
  Error(span, word + " is not supported by AWS IoT SQL",
        keyword->getType() == P::K_JOIN
            ? "a rule reads one message; fetch other data with get_dynamodb() or "
              "get_thing_shadow()"
            : "a rule handles one message at a time");
}

// Returns the depth of the deepest item.
int AstBuilder::BuildSelectList(P::SelectListContext* ctx, ast::Select* select) {
  if (ctx == nullptr) return 0;
  if (antlr4::tree::TerminalNode* distinct = ctx->K_DISTINCT()) {
    Error(SpanOf(distinct), "DISTINCT is not supported by AWS IoT SQL",
          "a rule handles one message at a time; remove DISTINCT");
  }
  select->value = ctx->K_VALUE() != nullptr;
  int depth = 0;
  std::vector<P::SelectItemContext*> items = ctx->selectItem();
  for (P::SelectItemContext* item_ctx : items) {
    ast::SelectItem item;
    item.span = SpanOf(item_ctx);
    Built expr = Expr(item_ctx->expr());
    depth = std::max(depth, expr.depth);
    item.expr = std::move(expr.expr);
    if (P::AliasContext* alias = item_ctx->alias()) {
      item.alias_span = SpanOf(alias);
      if (alias->aliasName() != nullptr) {
        item.alias.emplace_back(TextOf(SpanOf(alias->aliasName())));
      }
      for (P::MemberNameContext* part : alias->memberName()) {
        item.alias.emplace_back(TextOf(SpanOf(part)));
      }
      if (select->value) {
        Error({SpanOf(item_ctx->K_AS()).begin, item.alias_span.end}, "SELECT VALUE takes no alias",
              "remove AS " + std::string(TextOf(item.alias_span)));
      }
    }
    select->items.push_back(std::move(item));
  }
  if (select->value && items.size() > 1) {
    Error({SpanOf(items[1]).begin, SpanOf(items.back()).end},
          "SELECT VALUE takes exactly one expression",
          "remove the other items, or select one object: SELECT VALUE {'a': a, 'b': b}");
  }
  if (ctx->trailing != nullptr && !partial_) {
    Error(SpanOf(ctx->trailing), "trailing comma in select list", "remove the last ','");
  }
  return depth;
}

template <typename QueryCtx>
AstBuilder::Built AstBuilder::BuildSubquery(QueryCtx* ctx, Span span) {
  if (ctx == nullptr) return {};
  auto select = std::make_unique<ast::Select>();
  select->span = SpanOf(ctx);
  int depth = BuildSelectList(ctx->selectList(), select.get());
  if (ctx->K_FROM() != nullptr) {
    if (ctx->from == nullptr) return {};
    Built from = Expr(ctx->from);
    if (from.expr == nullptr) return {};
    depth = std::max(depth, from.depth);
    select->from = std::move(from.expr);
  } else if (!partial_) {
    Error(SpanOf(ctx->K_SELECT()), "a nested SELECT needs FROM",
          "name the array or object to read, e.g. (SELECT VALUE v FROM arr)");
  }
  if (ctx->K_WHERE() != nullptr) {
    if (ctx->where != nullptr) {
      Built where = Expr(ctx->where);
      if (where.expr == nullptr) return {};
      depth = std::max(depth, where.depth);
      select->where = std::move(where.expr);
    } else if (!partial_) {
      Error(SpanOf(ctx->K_WHERE()), "WHERE needs an expression",
            "add a condition, or remove WHERE");
    }
  }
  Built out;
  out.depth = depth + 1;
  if (TooDeep(out.depth, span)) return {};
  out.expr = std::make_unique<ast::Expr>();
  out.expr->kind = ExprKind::kSubquery;
  out.expr->span = span;
  out.expr->subquery = std::move(select);
  return out;
}

// ---- expressions -------------------------------------------------------------------------------

AstBuilder::Built AstBuilder::Expr(P::ExprContext* ctx) {
  return ctx == nullptr ? Built{} : Or(ctx->orExpr());
}

// Left-associative operator chains: children alternate operand, operator token, operand, ...
template <typename Operand, typename Ctx, typename BuildOperand>
AstBuilder::Built AstBuilder::Chain(Ctx* ctx, BuildOperand build) {
  if (ctx == nullptr) return {};
  Built left;
  antlr4::Token* op = nullptr;
  uint32_t begin = 0;
  for (antlr4::tree::ParseTree* child : ctx->children) {
    if (auto* token = dynamic_cast<antlr4::tree::TerminalNode*>(child)) {
      op = token->getSymbol();
      continue;
    }
    auto* operand = dynamic_cast<Operand*>(child);
    Built right = (this->*build)(operand);
    if (op == nullptr) {
      begin = SpanOf(operand).begin;
      left = std::move(right);
    } else {
      left = Binary(op, std::move(left), std::move(right), {begin, SpanOf(operand).end});
    }
    if (left.expr == nullptr) return {};
  }
  return left;
}

AstBuilder::Built AstBuilder::Binary(antlr4::Token* op, Built left, Built right, Span span) {
  if (left.expr == nullptr || right.expr == nullptr) return {};
  CheckOperand(left);
  CheckOperand(right);
  ast::BinaryOp kind = ast::BinaryOp::kAnd;
  Span at = SpanOf(op);
  switch (op->getType()) {
    case P::K_AND: kind = ast::BinaryOp::kAnd; break;
    case P::K_OR: kind = ast::BinaryOp::kOr; break;
    case P::EQ: kind = ast::BinaryOp::kEq; break;
    case P::NE: kind = ast::BinaryOp::kNe; break;
    case P::LT: kind = ast::BinaryOp::kLt; break;
    case P::LE: kind = ast::BinaryOp::kLe; break;
    case P::GT: kind = ast::BinaryOp::kGt; break;
    case P::GE: kind = ast::BinaryOp::kGe; break;
    case P::PLUS: kind = ast::BinaryOp::kAdd; break;
    case P::MINUS: kind = ast::BinaryOp::kSub; break;
    case P::STAR: kind = ast::BinaryOp::kMul; break;
    case P::SLASH: kind = ast::BinaryOp::kDiv; break;
    case P::PERCENT: kind = ast::BinaryOp::kMod; break;
    case P::AMP_AMP:
      Error(at, "'&&' is not an AWS IoT SQL operator", "use AND");
      kind = ast::BinaryOp::kAnd;
      break;
    case P::PIPE_PIPE:
      Error(at, "'||' is not an AWS IoT SQL operator", "use concat(a, b), or a + b for strings");
      kind = ast::BinaryOp::kAdd;
      break;
    case P::BANG_EQ:
      Error(at, "'!=' is not an AWS IoT SQL operator", "use <>");
      kind = ast::BinaryOp::kNe;
      break;
    case P::EQ_EQ:
      Error(at, "'==' is not an AWS IoT SQL operator", "use =");
      kind = ast::BinaryOp::kEq;
      break;
    default:
      break;
  }
  Built out = Make(ExprKind::kBinary, span, List(std::move(left), std::move(right)));
  if (out.expr != nullptr) out.expr->op = kind;
  return out;
}

AstBuilder::Built AstBuilder::Or(P::OrExprContext* ctx) {
  return Chain<P::AndExprContext>(ctx, &AstBuilder::And);
}

AstBuilder::Built AstBuilder::And(P::AndExprContext* ctx) {
  return Chain<P::NotExprContext>(ctx, &AstBuilder::Not);
}

AstBuilder::Built AstBuilder::Not(P::NotExprContext* ctx) {
  if (ctx == nullptr) return {};
  Built operand = Comparison(ctx->comparison());
  std::vector<antlr4::tree::TerminalNode*> nots = ctx->K_NOT();
  uint32_t end = SpanOf(ctx).end;
  for (size_t i = nots.size(); i-- > 0;) {
    CheckOperand(operand);
    operand = Make(ExprKind::kNot, {SpanOf(nots[i]).begin, end}, List(std::move(operand)));
  }
  return operand;
}

AstBuilder::Built AstBuilder::Comparison(P::ComparisonContext* ctx) {
  if (ctx == nullptr) return {};
  Span left_span = SpanOf(ctx->additive());
  Built left = Additive(ctx->additive());
  std::vector<P::ComparisonTailContext*> tails = ctx->comparisonTail();
  for (size_t i = 0; i < tails.size() && left.expr != nullptr; ++i) {
    if (i == 1) {
      Error(SpanOf(tails[1]->start), "comparisons cannot be chained; combine them with AND",
            "e.g. a < b AND b < c");
    }
    left = Tail(tails[i], std::move(left), left_span);
  }
  return left;
}

// One comparison-level operator applied to `left` (its source is `left_span`).
AstBuilder::Built AstBuilder::Tail(P::ComparisonTailContext* ctx, Built left, Span left_span) {
  const Span span{left_span.begin, SpanOf(ctx).end};
  const std::string x = Snippet(left_span, "x");
  if (auto* t = dynamic_cast<P::CompareTailContext*>(ctx)) {
    if (t->op == nullptr) return {};
    return Binary(t->op, std::move(left), Additive(t->additive()), span);
  }
  if (auto* t = dynamic_cast<P::InTailContext*>(ctx)) {
    if (t->K_NOT() != nullptr) {
      Error({SpanOf(t->K_NOT()).begin, SpanOf(t->K_IN()).end},
            "NOT IN is not supported by AWS IoT SQL",
            "write NOT (" + x + " IN " + Snippet(SpanOf(t->additive()), "a") + ")");
    }
    Built right;
    if (P::ParenthesizedContext* list = AsParenList(t->additive())) {
      Span inner{SpanOf(list->LPAREN()).end, SpanOf(list->RPAREN()).begin};
      Error(SpanOf(list), "IN takes an array expression such as [1, 2], not a parenthesised list",
            "write " + x + " IN [" + Snippet(inner, "...") + "]");
      std::vector<Built> items;
      for (P::ExprContext* e : list->expr()) items.push_back(Expr(e));
      right = Make(ExprKind::kArray, SpanOf(list), std::move(items));
    } else {
      right = Additive(t->additive());
    }
    CheckOperand(left);
    CheckOperand(right);
    return Make(ExprKind::kIn, span, List(std::move(left), std::move(right)));
  }
  if (auto* t = dynamic_cast<P::LikeTailContext*>(ctx)) {
    Error({SpanOf(t->start).begin, SpanOf(t->K_LIKE()).end}, "LIKE is not supported by AWS IoT SQL",
          "use startswith(" + x + ", 'abc'), endswith(" + x + ", 'xyz') or regexp_matches(" + x +
              ", 'pattern')");
    return Make(ExprKind::kBinary, span, List(std::move(left), Additive(t->additive())));
  }
  if (auto* t = dynamic_cast<P::BetweenTailContext*>(ctx)) {
    std::string a = Snippet(SpanOf(t->additive(0)), "a");
    std::string b = Snippet(SpanOf(t->additive(1)), "b");
    Error({SpanOf(t->start).begin, SpanOf(t->K_BETWEEN()).end},
          "BETWEEN is not supported by AWS IoT SQL",
          t->K_NOT() != nullptr ? "write " + x + " < " + a + " OR " + x + " > " + b
                                : "write " + x + " >= " + a + " AND " + x + " <= " + b);
    Built low = Additive(t->additive(0));
    Additive(t->additive(1));   // only for its diagnostics
    return Make(ExprKind::kBinary, span, List(std::move(left), std::move(low)));
  }
  if (auto* t = dynamic_cast<P::IsTailContext*>(ctx)) {
    Built right = Additive(t->additive());
    const bool negated = t->K_NOT() != nullptr;
    const ast::Expr* what = right.expr.get();
    std::string message = "IS is not supported by AWS IoT SQL";
    std::string hint = "compare with = or <>, or use isNull(" + x + ") / isUndefined(" + x + ")";
    if (what != nullptr && what->kind == ExprKind::kNull) {
      message = negated ? "IS NOT NULL is not supported by AWS IoT SQL"
                        : "IS NULL is not supported by AWS IoT SQL";
      hint = negated ? "use NOT isNull(" + x + "), and NOT isUndefined(" + x +
                           ") if it may be missing"
                     : "use isNull(" + x + "), or isUndefined(" + x + ") for a missing member";
    } else if (what != nullptr && what->kind == ExprKind::kIdent &&
               EqualsIgnoreCase(what->text, "undefined")) {
      message = negated ? "IS NOT UNDEFINED is not supported by AWS IoT SQL"
                        : "IS UNDEFINED is not supported by AWS IoT SQL";
      hint = std::string("use ") + (negated ? "NOT " : "") + "isUndefined(" + x + ")";
    }
    Error({SpanOf(t->start).begin, SpanOf(t).end}, message, hint);
    return Make(ExprKind::kBinary, span, List(std::move(left), std::move(right)));
  }
  return {};
}

// The operand of IN when it is exactly `( a, b, ... )`.
grammar::IotSqlParser::ParenthesizedContext* AstBuilder::AsParenList(P::AdditiveContext* ctx) {
  if (ctx == nullptr || ctx->children.size() != 1) return nullptr;
  P::MultiplicativeContext* m = ctx->multiplicative(0);
  if (m == nullptr || m->children.size() != 1) return nullptr;
  P::UnaryContext* u = m->unary(0);
  if (u == nullptr || u->children.size() != 1 || u->postfix() == nullptr) return nullptr;
  P::PostfixContext* p = u->postfix();
  if (p->children.size() != 1) return nullptr;
  auto* list = dynamic_cast<P::ParenthesizedContext*>(p->primary());
  return list != nullptr && list->expr().size() >= 2 ? list : nullptr;
}

AstBuilder::Built AstBuilder::Additive(P::AdditiveContext* ctx) {
  return Chain<P::MultiplicativeContext>(ctx, &AstBuilder::Multiplicative);
}

AstBuilder::Built AstBuilder::Multiplicative(P::MultiplicativeContext* ctx) {
  return Chain<P::UnaryContext>(ctx, &AstBuilder::Unary);
}

AstBuilder::Built AstBuilder::Unary(P::UnaryContext* ctx) {
  if (ctx == nullptr) return {};
  Built operand = Postfix(ctx->postfix());
  std::vector<antlr4::tree::TerminalNode*> minus = ctx->MINUS();
  uint32_t end = SpanOf(ctx).end;
  for (size_t i = minus.size(); i-- > 0;) {
    CheckOperand(operand);
    operand = Make(ExprKind::kNegate, {SpanOf(minus[i]).begin, end}, List(std::move(operand)));
  }
  return operand;
}

AstBuilder::Built AstBuilder::Postfix(P::PostfixContext* ctx) {
  if (ctx == nullptr) return {};
  Built base = Primary(ctx->primary());
  const uint32_t begin = SpanOf(ctx).begin;
  for (P::PostfixOpContext* op : ctx->postfixOp()) {
    if (base.expr == nullptr) return {};
    const Span span{begin, SpanOf(op).end};
    if (auto* member = dynamic_cast<P::MemberOpContext*>(op)) {
      if (member->memberName() == nullptr) return {};
      std::string name(TextOf(SpanOf(member->memberName())));
      base = Make(ExprKind::kMember, span, List(std::move(base)), std::move(name));
    } else if (auto* index = dynamic_cast<P::IndexOpContext*>(op)) {
      std::string a = Snippet({begin, SpanOf(op).begin}, "a");
      std::string i = index->expr() != nullptr ? Snippet(SpanOf(index->expr()), "0") : "0";
      Error(SpanOf(op), "array indexing with [] is not supported",
            "use get(" + a + ", " + i + ")");
      std::vector<Built> args = List(std::move(base));
      if (index->expr() != nullptr) args.push_back(Expr(index->expr()));
      base = Make(ExprKind::kCall, span, std::move(args), "get");
    }
  }
  return base;
}

AstBuilder::Built AstBuilder::Primary(P::PrimaryContext* ctx) {
  if (ctx == nullptr) return {};
  const Span span = SpanOf(ctx);
  if (dynamic_cast<P::IdentifierContext*>(ctx) != nullptr) {
    return Make(ExprKind::kIdent, span, {}, std::string(TextOf(span)));
  }
  if (auto* c = dynamic_cast<P::CallContext*>(ctx)) return Call(c);
  if (dynamic_cast<P::StringLiteralContext*>(ctx) != nullptr) {
    return Make(ExprKind::kString, span, {}, Unescape(span));
  }
  if (dynamic_cast<P::IntLiteralContext*>(ctx) != nullptr) {
    return Make(ExprKind::kInt, span, {}, std::string(TextOf(span)));
  }
  if (dynamic_cast<P::DecimalLiteralContext*>(ctx) != nullptr) {
    return Make(ExprKind::kDecimal, span, {}, std::string(TextOf(span)));
  }
  if (auto* c = dynamic_cast<P::BoolLiteralContext*>(ctx)) {
    Built out = Make(ExprKind::kBool, span, {});
    if (out.expr != nullptr) out.expr->bool_value = c->K_TRUE() != nullptr;
    return out;
  }
  if (dynamic_cast<P::NullLiteralContext*>(ctx) != nullptr) {
    return Make(ExprKind::kNull, span, {});
  }
  if (dynamic_cast<P::VariableRefContext*>(ctx) != nullptr) {
    return Make(ExprKind::kVariable, span, {}, std::string(TextOf(span).substr(1)));
  }
  if (dynamic_cast<P::WildcardRefContext*>(ctx) != nullptr) {
    return Make(ExprKind::kWildcard, span, {});
  }
  if (auto* c = dynamic_cast<P::CaseExprContext*>(ctx)) return Case(c);
  if (auto* c = dynamic_cast<P::ArrayLiteralContext*>(ctx)) {
    std::vector<Built> items;
    for (P::ExprContext* e : c->expr()) items.push_back(Expr(e));
    return Make(ExprKind::kArray, span, std::move(items));
  }
  if (auto* c = dynamic_cast<P::ObjectLiteralContext*>(ctx)) return Object(c);
  if (auto* c = dynamic_cast<P::NestedQueryContext*>(ctx)) {
    return BuildSubquery(c->subquery(), span);
  }
  if (auto* c = dynamic_cast<P::ParenthesizedContext*>(ctx)) {
    std::vector<P::ExprContext*> exprs = c->expr();
    if (exprs.size() == 1) return Expr(exprs[0]);
    if (exprs.empty()) return {};
    Span inner{SpanOf(c->LPAREN()).end, SpanOf(c->RPAREN()).begin};
    Error(span, "a parenthesised list is not an expression",
          "use an array literal: [" + Snippet(inner, "...") + "]");
    std::vector<Built> items;
    for (P::ExprContext* e : exprs) items.push_back(Expr(e));
    return Make(ExprKind::kArray, span, std::move(items));
  }
  if (dynamic_cast<P::BacktickedContext*>(ctx) != nullptr) {
    std::string_view name = TextOf(span).substr(1);
    if (!name.empty() && name.back() == '`') name.remove_suffix(1);
    Error(span, "backticks are not part of AWS IoT SQL",
          "use get(*, '" + std::string(name) + "')");
    return Make(ExprKind::kIdent, span, {}, std::string(name));
  }
  return {};
}

AstBuilder::Built AstBuilder::Call(P::CallContext* ctx) {
  const Span span = SpanOf(ctx);
  const Span name_span = SpanOf(ctx->name());
  std::string name(TextOf(name_span));
  if (EqualsIgnoreCase(name, "exists")) {
    Error(name_span, "EXISTS is not supported by AWS IoT SQL",
          "test the nested query's result, e.g. length(SELECT VALUE v FROM arr WHERE cond) > 0");
  }
  const bool is_cast = EqualsIgnoreCase(name, "cast");
  std::vector<Built> args;
  std::string type;
  size_t typed = 0;
  for (P::ArgumentContext* a : ctx->argument()) {
    Built arg = a->bareSubquery() != nullptr
                    ? BuildSubquery(a->bareSubquery(), SpanOf(a->bareSubquery()))
                    : Expr(a->expr());
    if (a->K_AS() != nullptr) {
      ++typed;
      if (!is_cast) {
        Error({SpanOf(a->K_AS()).begin, SpanOf(a).end},
              "AS inside a function call is only allowed in cast(x AS type)", "remove it");
      } else if (a->typeName != nullptr) {
        type = std::string(TextOf(SpanOf(a->typeName)));
      }
    }
    args.push_back(std::move(arg));
  }
  if (is_cast) {
    if (args.size() == 1 && typed == 1) {
      return Make(ExprKind::kCast, span, std::move(args), std::move(type));
    }
    if (!partial_) {
      Error(span, "cast takes one expression and a type",
            "write cast(x AS type), e.g. cast(x AS Int)");
    }
  }
  return Make(ExprKind::kCall, span, std::move(args), std::move(name));
}

AstBuilder::Built AstBuilder::Case(P::CaseExprContext* ctx) {
  std::vector<P::CaseWhenContext*> whens = ctx->caseWhen();
  std::vector<Built> parts;
  if (ctx->operand != nullptr) {
    parts.push_back(Expr(ctx->operand));
  } else {
    if (!whens.empty()) {
      std::vector<P::ExprContext*> first = whens[0]->expr();
      std::string cond = first.empty() ? "cond" : Snippet(SpanOf(first[0]), "cond");
      Error({SpanOf(ctx->K_CASE()).begin, SpanOf(whens[0]->K_WHEN()).end},
            "searched CASE is not supported",
            "write CASE " + cond + " WHEN true THEN ... END");
    }
    Built placeholder = Make(ExprKind::kBool, SpanOf(ctx->K_CASE()), {});
    if (placeholder.expr != nullptr) placeholder.expr->bool_value = true;
    parts.push_back(std::move(placeholder));
  }
  for (P::CaseWhenContext* when : whens) {
    std::vector<P::ExprContext*> e = when->expr();
    if (e.size() != 2) return {};
    parts.push_back(Expr(e[0]));
    parts.push_back(Expr(e[1]));
  }
  if (ctx->elseValue != nullptr) parts.push_back(Expr(ctx->elseValue));
  Built out = Make(ExprKind::kCase, SpanOf(ctx), std::move(parts));
  if (out.expr != nullptr) out.expr->has_else = ctx->elseValue != nullptr;
  return out;
}

AstBuilder::Built AstBuilder::Object(P::ObjectLiteralContext* ctx) {
  std::vector<Built> values;
  std::vector<std::string> keys;
  std::vector<Span> key_spans;
  for (P::ObjectEntryContext* entry : ctx->objectEntry()) {
    if (entry->key == nullptr || entry->expr() == nullptr) return {};
    Span key_span = SpanOf(entry->key);
    if (entry->key->getType() == P::STRING) {
      keys.push_back(Unescape(key_span));
    } else {
      keys.emplace_back(TextOf(key_span));
      Error(key_span, "object keys must be quoted strings",
            "write {'" + keys.back() + "': ...}");
    }
    key_spans.push_back(key_span);
    values.push_back(Expr(entry->expr()));
  }
  Built out = Make(ExprKind::kObject, SpanOf(ctx), std::move(values));
  if (out.expr != nullptr) {
    out.expr->keys = std::move(keys);
    out.expr->key_spans = std::move(key_spans);
  }
  return out;
}

}  // namespace iotsql::parse
