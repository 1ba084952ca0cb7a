package sema

// The rules this package decides where the language reference leaves a choice, as a
// user of Alloy, TLA+ or Quint would expect them:
//
//   - Names. Every top-level name is visible in the whole file. The spec's own name
//     is not in the name space. A repeated declaration is a `name` finding on the
//     second, which is Broken; uses resolve to the first. Enum members may share a
//     name with members of other enums and with other declarations: the clash is a
//     `name` finding only where the name is used unqualified ("Open is ambiguous:
//     Status.Open or Light.Open; qualify it"). A member repeated inside one enum is a
//     duplicate. Labels of requires/ensures are unique within their action and are
//     not in the top-level name space.
//   - Locals. A parameter or bound variable may reuse no top-level name (members and
//     clause names included) and no variable bound around it (no shadowing): `name`.
//   - Kinds. A resolved name of the wrong kind (a var as a type, an action as a value,
//     a pred in a do step) is a `type` finding: the name exists, its use does not fit.
//   - Calls. A pred or fun without parameters is called as `P` or `P()`; one with
//     parameters needs its arguments. Recursion (direct or mutual) is a `name` finding
//     at the call that closes the cycle, found by a depth-first walk in declaration
//     order; each cycle is reported once.
//   - Constants are const values, range bounds and option values: literals, enum
//     members, other consts, type names (as sets, up to 4096 values), set and record
//     literals, ranges, count, if, cases and the operators. Quantifiers,
//     comprehensions, vars, parameters and calls are not constant (`type`). A const
//     or type defined through itself is a `name` finding where the cycle closes.
//   - Integer expressions get a *types.Range bounding their values where the operands'
//     ranges do (literals are n..n, + - * by interval arithmetic, count(S) is
//     0..|elem|), else types.Int. All integer types are compatible; whether a value
//     fits a range is the checker's question.
//   - Primes. `x'` needs x to be a var (`type` otherwise), and stands only in ensures
//     and in asserts of a state machine (a primed assert is a step assert). Anywhere
//     else the `type` finding names the rule of that place.
//   - Examples. `do A` without parentheses only for an action without parameters (`do
//     A()` also works); `_` only as a do argument. A given after the first do, and an
//     expect in a nonexample, are `type` findings on that step.
//   - Options are `depth` and `budget`; another name is `name`, a repeated one `name`,
//     a value that is not a constant integer from 0 to 2^31-1 `type`.
//   - Fields. Record field names are not symbols (not in Defs or Uses); an unknown
//     field is a `name` finding with a suggestion; a field repeated in a record type or
//     literal is `name`.
//   - No cascades. An expression with an error in it or at it has type
//     types.Invalid, and nothing above it reports again. The unit holding the error
//     (declaration, action clause, example step) is Broken, and so is every unit that
//     uses a symbol declared by a Broken unit.
