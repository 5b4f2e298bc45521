// The operator tables of spec §10: what each operator gives for each pair of operand types.
#ifndef IOTSQL_VM_OPERATORS_H_
#define IOTSQL_VM_OPERATORS_H_

#include "common/arena.h"
#include "value/value.h"

namespace iotsql {

struct OperatorEnv {
  Arena* arena;
  bool v2;  // 2016-03-23: whole Decimal results are Ints
};

Value OpAdd(const Value& a, const Value& b, const OperatorEnv& env);
Value OpSub(const Value& a, const Value& b, const OperatorEnv& env);
Value OpMul(const Value& a, const Value& b, const OperatorEnv& env);
Value OpDiv(const Value& a, const Value& b, const OperatorEnv& env);
Value OpMod(const Value& a, const Value& b, const OperatorEnv& env);
Value OpNeg(const Value& a, const OperatorEnv& env);

Value OpAnd(const Value& a, const Value& b);
Value OpOr(const Value& a, const Value& b);
Value OpNot(const Value& a);

// = and <> (Undefined when either side is Undefined).
Value OpEq(const Value& a, const Value& b);
Value OpNe(const Value& a, const Value& b);
// Ordering: -1/0/1 in *order when both sides are numbers or numeric strings; false otherwise.
bool NumericOrder(const Value& a, const Value& b, int* order);
enum class Ordering { kLt, kLe, kGt, kGe };
Value OpOrder(const Value& a, const Value& b, Ordering o);

Value OpIn(const Value& a, const Value& b);

}  // namespace iotsql

#endif  // IOTSQL_VM_OPERATORS_H_
