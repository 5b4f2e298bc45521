// AWS IoT Core rules-engine SQL (both SQL versions; version gating is the checker's job).
// See README.md beside this file for the language, the precedence table and what is rejected.
//
// Shape rules that keep the generated parser fast and safe:
// - Precedence is spelled out as one rule per level with loops, not left recursion, so chains
//   such as `a + b + c` give flat parse trees (no deep recursion in ANTLR or in the AST builder).
// - Every decision is LL(1) or LL(2), so SLL prediction almost never needs the LL fallback.
// - Constructs AWS does not accept are parsed by error productions (marked "error:") and
//   reported by the AST builder with a targeted message and hint, instead of ANTLR's generic one.
grammar IotSql;

// ---- statement ---------------------------------------------------------------------------------

// Clauses are parsed in any order and count; the AST builder enforces "SET, SELECT, FROM, WHERE,
// each at most once" so that a misplaced clause gets a precise message.
statement
  : clause* SEMI? EOF            // error: SEMI
  ;

expressionOnly                   // the inside of a ${...} substitution template
  : expr EOF
  ;

clause
  : setClause
  | selectClause
  | fromClause
  | whereClause
  | unsupportedClause
  ;

setClause
  : K_SET assignment (COMMA assignment)*
  ;

assignment
  : target=(VARIABLE | IDENT) EQ expr   // error: IDENT (a variable without '@')
  ;

selectClause
  : K_SELECT selectList
  ;

// Shared by the statement and nested queries. error: DISTINCT, VALUE with several items, the
// trailing comma.
selectList
  : K_DISTINCT? K_VALUE? selectItem (COMMA selectItem)* trailing=COMMA?
  ;

selectItem
  : expr (K_AS alias)?
  ;

alias
  : aliasName (DOT memberName)*
  ;

// A top-level FROM takes a single-quoted topic filter. error: an unquoted topic, a missing one.
fromClause
  : K_FROM (topic=STRING | topicWords)?
  ;

topicWords
  : (~(STRING | K_SET | K_SELECT | K_FROM | K_WHERE | K_GROUP | K_ORDER | K_LIMIT | K_JOIN
       | K_HAVING | K_UNION | SEMI))+
  ;

whereClause
  : K_WHERE expr?                // error: no expression
  ;

// error: all of it.
unsupportedClause
  : (K_GROUP | K_ORDER | K_LIMIT | K_JOIN | K_HAVING | K_UNION) unsupportedRest
  ;

unsupportedRest
  : (~(K_SET | K_SELECT | K_FROM | K_WHERE | K_GROUP | K_ORDER | K_LIMIT | K_JOIN | K_HAVING
       | K_UNION | SEMI))*
  ;

// ---- expressions, lowest precedence first ------------------------------------------------------

expr
  : orExpr
  ;

orExpr
  : andExpr (K_OR andExpr)*
  ;

andExpr
  : notExpr ((K_AND | AMP_AMP) notExpr)*   // error: AMP_AMP
  ;

// NOT binds looser than comparison: NOT a = b is NOT (a = b).
notExpr
  : K_NOT* comparison
  ;

// Comparisons and IN do not chain; the loop exists so that `a = b = c` gets a clear message.
comparison
  : additive comparisonTail*
  ;

comparisonTail
  : op=(EQ | NE | LT | LE | GT | GE | BANG_EQ | EQ_EQ) additive   # CompareTail  // error: != ==
  | K_NOT? K_IN additive                                          # InTail       // error: NOT IN
  | K_NOT? K_LIKE additive                                        # LikeTail     // error
  | K_NOT? K_BETWEEN additive K_AND additive                      # BetweenTail  // error
  | K_IS K_NOT? additive                                          # IsTail       // error
  ;

additive
  : multiplicative ((PLUS | MINUS | PIPE_PIPE) multiplicative)*   // error: PIPE_PIPE
  ;

multiplicative
  : unary ((STAR | SLASH | PERCENT) unary)*
  ;

unary
  : MINUS* postfix
  ;

postfix
  : primary postfixOp*
  ;

postfixOp
  : DOT memberName               # MemberOp
  | LBRACK expr? RBRACK          # IndexOp      // error
  ;

primary
  : INT                                                          # IntLiteral
  | DECIMAL                                                      # DecimalLiteral
  | STRING                                                       # StringLiteral
  | (K_TRUE | K_FALSE)                                           # BoolLiteral
  | K_NULL                                                       # NullLiteral
  | VARIABLE                                                     # VariableRef
  | STAR                                                         # WildcardRef
  | name LPAREN (argument (COMMA argument)*)? RPAREN             # Call
  | name                                                         # Identifier
  | K_CASE operand=expr? caseWhen+ (K_ELSE elseValue=expr)? K_END # CaseExpr   // error: no operand
  | LBRACK (expr (COMMA expr)*)? RBRACK                          # ArrayLiteral
  | LBRACE (objectEntry (COMMA objectEntry)*)? RBRACE            # ObjectLiteral
  | LPAREN subquery RPAREN                                       # NestedQuery
  | LPAREN expr (COMMA expr)* RPAREN                             # Parenthesized // error: a list
  | BACKTICK_IDENT                                               # Backticked    // error
  ;

caseWhen
  : K_WHEN expr K_THEN expr
  ;

// A nested query may be a bare argument: isNull(SELECT VALUE x FROM arr). `AS type` belongs to
// cast(x AS type); cast is an ordinary name, so the builder checks where AS appears.
argument
  : bareSubquery
  | expr (K_AS typeName=name)?
  ;

objectEntry
  : key=(STRING | IDENT) COLON expr   // error: IDENT (an unquoted key)
  ;

// In parentheses FROM is optional so that its absence gets a clear message. As a bare argument
// it is required: otherwise a ',' could end a select list, and SLL prediction (which merges all
// call sites) would scan to the end of the input at every ',' of every select list.
subquery
  : K_SELECT selectList (K_FROM from=expr)? (K_WHERE where=expr?)?
  ;

bareSubquery
  : K_SELECT selectList K_FROM from=expr (K_WHERE where=expr?)?
  ;

// A payload member or function name. The soft keywords are words only the error productions
// give a meaning to, so payload members with those names still work. VALUE too (a common member
// name): `SELECT value FROM ...`, `WHERE value > 5`; where it could also be SELECT VALUE
// (`SELECT value - 1`), SELECT VALUE wins.
name
  : IDENT
  | K_VALUE
  | K_LIKE | K_BETWEEN | K_IS | K_GROUP | K_ORDER | K_BY | K_LIMIT | K_DISTINCT | K_JOIN
  | K_HAVING | K_UNION
  ;

// After '.', any word is a member name: a.value, a.from, a.end.
memberName
  : name
  | K_SELECT | K_VALUE | K_FROM | K_WHERE | K_AS | K_AND | K_OR | K_NOT | K_IN | K_CASE
  | K_WHEN | K_THEN | K_ELSE | K_END | K_TRUE | K_FALSE | K_NULL | K_SET
  ;

// The first word of an alias: any word but those that start or end a clause, so that
// `SELECT a AS FROM 't'` is reported at FROM.
aliasName
  : name
  | K_VALUE | K_AS | K_AND | K_OR | K_NOT | K_IN | K_CASE | K_WHEN | K_THEN | K_ELSE | K_END
  | K_TRUE | K_FALSE | K_NULL
  ;

// ---- lexer -------------------------------------------------------------------------------------

// Keywords, case-insensitive. K_ prefix: a token named NULL breaks the generated C++ (macro).
K_SELECT   : S E L E C T ;
K_VALUE    : V A L U E ;
K_FROM     : F R O M ;
K_WHERE    : W H E R E ;
K_AS       : A S ;
K_AND      : A N D ;
K_OR       : O R ;
K_NOT      : N O T ;
K_IN       : I N ;
K_CASE     : C A S E ;
K_WHEN     : W H E N ;
K_THEN     : T H E N ;
K_ELSE     : E L S E ;
K_END      : E N D ;
K_TRUE     : T R U E ;
K_FALSE    : F A L S E ;
K_NULL     : N U L L ;
K_SET      : S E T ;

// Soft keywords (see `name`).
K_LIKE     : L I K E ;
K_BETWEEN  : B E T W E E N ;
K_IS       : I S ;
K_GROUP    : G R O U P ;
K_ORDER    : O R D E R ;
K_BY       : B Y ;
K_LIMIT    : L I M I T ;
K_DISTINCT : D I S T I N C T ;
K_JOIN     : J O I N ;
K_HAVING   : H A V I N G ;
K_UNION    : U N I O N ;

INT        : DIGIT+ ;
DECIMAL    : DIGIT+ '.' DIGIT+ EXPONENT? | DIGIT+ EXPONENT ;
IDENT      : [A-Za-z_] [A-Za-z0-9_]* ;
VARIABLE   : '@' [A-Za-z0-9_]+ ;

// Backslash escapes and a doubled quote. A literal with no closing quote is one token to the
// end of the input, so that it is reported once, at its start (longest match keeps the two
// rules apart: a closed literal is always one character longer).
STRING
  : '\'' ( ~['\\] | '\\' . | '\'\'' )* '\''
  | '"' ( ~["\\] | '\\' . | '""' )* '"'
  ;
UNTERMINATED_STRING
  : '\'' ( ~['\\] | '\\' . | '\'\'' )* '\\'?
  | '"' ( ~["\\] | '\\' . | '""' )* '\\'?
  ;

BACKTICK_IDENT : '`' ~[`]* '`'? ;   // error

EQ         : '=' ;
NE         : '<>' ;
LE         : '<=' ;
GE         : '>=' ;
LT         : '<' ;
GT         : '>' ;
PLUS       : '+' ;
MINUS      : '-' ;
STAR       : '*' ;
SLASH      : '/' ;
PERCENT    : '%' ;
DOT        : '.' ;
COMMA      : ',' ;
COLON      : ':' ;
LPAREN     : '(' ;
RPAREN     : ')' ;
LBRACK     : '[' ;
RBRACK     : ']' ;
LBRACE     : '{' ;
RBRACE     : '}' ;

// Operators of other dialects, kept as tokens so they get a targeted message.
BANG_EQ    : '!=' ;
EQ_EQ      : '==' ;
PIPE_PIPE  : '||' ;
AMP_AMP    : '&&' ;
SEMI       : ';' ;

// AWS IoT SQL has no comments. They are lexed (hidden) so the parser can report them exactly.
LINE_COMMENT  : '--' ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' .*? ('*/' | EOF) -> channel(HIDDEN) ;

WS         : [ \t\r\n\f]+ -> skip ;

// Anything else is one token, so the lexer never fails and the parser reports it in context.
ERROR_CHAR : . ;

fragment DIGIT    : [0-9] ;
fragment EXPONENT : [eE] [+-]? DIGIT+ ;
fragment A : [aA] ; fragment B : [bB] ; fragment C : [cC] ; fragment D : [dD] ;
fragment E : [eE] ; fragment F : [fF] ; fragment G : [gG] ; fragment H : [hH] ;
fragment I : [iI] ; fragment J : [jJ] ; fragment K : [kK] ; fragment L : [lL] ;
fragment M : [mM] ; fragment N : [nN] ; fragment O : [oO] ; fragment P : [pP] ;
fragment R : [rR] ; fragment S : [sS] ; fragment T : [tT] ; fragment U : [uU] ;
fragment V : [vV] ; fragment W : [wW] ; fragment Y : [yY] ;
