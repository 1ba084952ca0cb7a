package logic

import (
	"fmt"
	"math"
	"math/bits"
)

// Int is an integer-valued circuit in offset binary: its value is
// Off + Σ Bits[i]·2^i, and it lies in [Lo, Hi] (an interval every operation
// computes exactly, so the width always suffices: integers never overflow).
// Invariants: Off <= Lo <= Hi and Hi-Off < 2^len(Bits). A constant has no bits.
//
// Offset binary (rather than two's complement) keeps a range lo..hi at
// ⌈log2(hi-lo+1)⌉ bits wherever it lies (1000..1003 takes 2 bits), and turns
// subtraction and negation into unsigned addition of complemented bits.
type Int struct {
	Bits        []Lit
	Off, Lo, Hi int64
}

// maxMagnitude bounds interval ends so interval arithmetic itself cannot overflow.
const maxMagnitude = 1 << 62

// RangeError is raised (as a panic) when an integer would leave ±2^62, the bounds
// within which the interval arithmetic is exact. Translators catch it and leave the
// question undecided rather than answer it wrongly.
type RangeError struct{ Lo, Hi int64 }

func (e RangeError) Error() string {
	return fmt.Sprintf("integer range %d..%d exceeds ±2^62", e.Lo, e.Hi)
}

func checkRange(lo, hi int64) {
	if lo < -maxMagnitude || hi > maxMagnitude || lo > maxMagnitude || hi < -maxMagnitude {
		panic(RangeError{lo, hi})
	}
}

// width is the number of bits for unsigned values in [0, n].
func width(n int64) int { return bits.Len64(uint64(n)) }

// Const is the integer constant k.
func Const(k int64) Int {
	checkRange(k, k)
	return Int{Off: k, Lo: k, Hi: k}
}

// IsConst reports whether x is a constant, and which.
func (x Int) IsConst() (int64, bool) { return x.Lo, x.Lo == x.Hi }

// FreshInt returns a new integer variable in [lo, hi] and asserts its domain.
func (b *Builder) FreshInt(lo, hi int64) Int {
	x, dom := b.FreshIntDomain(lo, hi)
	b.Assert(dom)
	return x
}

// FreshIntDomain returns a new integer variable and the literal that holds when it
// is in [lo, hi], for callers that guard the domain themselves.
func (b *Builder) FreshIntDomain(lo, hi int64) (Int, Lit) {
	if lo > hi {
		panic(fmt.Sprintf("logic: empty range %d..%d", lo, hi))
	}
	checkRange(lo, hi)
	x := Int{Bits: make([]Lit, width(hi-lo)), Off: lo, Lo: lo, Hi: hi}
	for i := range x.Bits {
		x.Bits[i] = b.Fresh()
	}
	return x, b.uleConst(x.Bits, uint64(hi-lo))
}

// bit i of x's unsigned part, False past its width.
func bit(xs []Lit, i int) Lit {
	if i < len(xs) {
		return xs[i]
	}
	return False
}

func constBits(k uint64, w int) []Lit {
	out := make([]Lit, w)
	for i := range out {
		out[i] = Bool(k>>uint(i)&1 == 1)
	}
	return out
}

// add is unsigned addition of xs and ys into w bits (the caller knows the sum fits,
// or wants it modulo 2^w).
func (b *Builder) add(xs, ys []Lit, w int) []Lit {
	out := make([]Lit, w)
	carry := False
	for i := range out {
		x, y := bit(xs, i), bit(ys, i)
		t := b.Xor(x, y)
		out[i] = b.Xor(t, carry)
		carry = b.Or(b.And(x, y), b.And(t, carry))
	}
	return out
}

// normalize turns the unsigned vector us (value off + us) known to lie in [lo, hi]
// into the canonical form with Off == lo and the least width.
func (b *Builder) normalize(us []Lit, off, lo, hi int64) Int {
	checkRange(lo, hi)
	if lo == hi {
		return Const(lo)
	}
	w := width(hi - lo)
	c := uint64(lo - off) // >= 0: off never exceeds lo
	var out []Lit
	if c == 0 {
		out = make([]Lit, w)
		for i := range out {
			out[i] = bit(us, i)
		}
	} else {
		// us - c modulo 2^w is exact because the result lies in [0, 2^w).
		neg := (-c) & (1<<uint(w) - 1)
		out = b.add(us, constBits(neg, w), w)
	}
	return Int{Bits: out, Off: lo, Lo: lo, Hi: hi}
}

// Add is x + y.
func (b *Builder) Add(x, y Int) Int {
	// Both ends lie within ±2^62, so these sums cannot overflow int64.
	checkRange(x.Lo+y.Lo, x.Hi+y.Hi)
	w := max(len(x.Bits), len(y.Bits)) + 1
	return b.normalize(b.add(x.Bits, y.Bits, w), x.Off+y.Off, x.Lo+y.Lo, x.Hi+y.Hi)
}

// Neg is -x: -(off + u) = (-off - (2^w-1)) + ^u over x's w bits.
func (b *Builder) Neg(x Int) Int {
	w := len(x.Bits)
	inv := make([]Lit, w)
	for i, l := range x.Bits {
		inv[i] = l.Not()
	}
	off := -x.Off - (int64(1)<<uint(w) - 1)
	return b.normalize(inv, off, -x.Hi, -x.Lo)
}

// Sub is x - y.
func (b *Builder) Sub(x, y Int) Int { return b.Add(x, b.Neg(y)) }

// MulConst is k·x.
func (b *Builder) MulConst(x Int, k int64) Int {
	switch {
	case k == 0:
		return Const(0)
	case k < 0:
		return b.Neg(b.MulConst(x, -k))
	}
	lo, hi := mulRange(x.Lo, x.Hi, k, k)
	return b.normalize(b.mulConstBits(x.Bits, uint64(k)), mulChecked(x.Off, k), lo, hi)
}

// mulConstBits is the unsigned product of xs and k, shift-and-add, at full width.
func (b *Builder) mulConstBits(xs []Lit, k uint64) []Lit {
	w := len(xs) + width(int64(k))
	acc := constBits(0, w)
	for s := 0; k>>uint(s) != 0; s++ {
		if k>>uint(s)&1 == 0 {
			continue
		}
		shifted := make([]Lit, w)
		for i := range shifted {
			shifted[i] = False
			if i >= s {
				shifted[i] = bit(xs, i-s)
			}
		}
		acc = b.add(acc, shifted, w)
	}
	return acc
}

// Mul is x·y: (ox + ux)(oy + uy) = ux·uy + oy·ux + ox·uy + ox·oy, the unsigned
// product by an array multiplier and the rest by constants.
func (b *Builder) Mul(x, y Int) Int {
	if k, ok := x.IsConst(); ok {
		return b.MulConst(y, k)
	}
	if k, ok := y.IsConst(); ok {
		return b.MulConst(x, k)
	}
	lo, hi := mulRange(x.Lo, x.Hi, y.Lo, y.Hi)
	uxRange := x.Hi - x.Off
	uyRange := y.Hi - y.Off
	ux := Int{Bits: x.Bits, Lo: 0, Hi: uxRange}
	uy := Int{Bits: y.Bits, Lo: 0, Hi: uyRange}
	// unsigned product of ux and uy
	w := len(x.Bits) + len(y.Bits)
	acc := constBits(0, w)
	for s, ys := range uy.Bits {
		row := make([]Lit, w)
		for i := range row {
			if i >= s {
				row[i] = b.And(bit(ux.Bits, i-s), ys)
			} else {
				row[i] = False
			}
		}
		acc = b.add(acc, row, w)
	}
	_, phi := mulRange(0, uxRange, 0, uyRange)
	prod := b.normalize(acc, 0, 0, phi)
	sum := b.Add(prod, b.MulConst(ux, y.Off))
	sum = b.Add(sum, b.MulConst(uy, x.Off))
	sum = b.Add(sum, Const(mulChecked(x.Off, y.Off)))
	// The partial sums' intervals are loose; the product's is exact.
	return b.normalize(sum.Bits, sum.Off, max(lo, sum.Lo), min(hi, sum.Hi))
}

func mulChecked(a, c int64) int64 {
	hi, lo := bits.Mul64(uint64(abs(a)), uint64(abs(c)))
	if hi != 0 || lo > maxMagnitude {
		panic(RangeError{min(a, c), max(a, c)})
	}
	if (a < 0) != (c < 0) {
		return -int64(lo)
	}
	return int64(lo)
}

func abs(a int64) int64 {
	if a < 0 {
		return -a
	}
	return a
}

func mulRange(alo, ahi, blo, bhi int64) (int64, int64) {
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for _, p := range []int64{mulChecked(alo, blo), mulChecked(alo, bhi), mulChecked(ahi, blo), mulChecked(ahi, bhi)} {
		lo, hi = min(lo, p), max(hi, p)
	}
	return lo, hi
}

// align brings x and y to one offset and width, so that comparing their bits as
// unsigned numbers compares their values.
func (b *Builder) align(x, y Int) (xs, ys []Lit) {
	off := min(x.Off, y.Off)
	lift := func(v Int) []Lit {
		d := uint64(v.Off - off)
		if d == 0 {
			return v.Bits
		}
		return b.add(v.Bits, constBits(d, width(int64(d))), max(len(v.Bits), width(int64(d)))+1)
	}
	xs, ys = lift(x), lift(y)
	w := max(len(xs), len(ys))
	ext := func(v []Lit) []Lit {
		out := make([]Lit, w)
		for i := range out {
			out[i] = bit(v, i)
		}
		return out
	}
	return ext(xs), ext(ys)
}

// Eq is x == y.
func (b *Builder) Eq(x, y Int) Lit {
	if x.Hi < y.Lo || y.Hi < x.Lo {
		return False
	}
	xs, ys := b.align(x, y)
	eqs := make([]Lit, len(xs))
	for i := range xs {
		eqs[i] = b.Iff(xs[i], ys[i])
	}
	return b.Ands(eqs...)
}

// Lt is x < y.
func (b *Builder) Lt(x, y Int) Lit {
	switch {
	case x.Hi < y.Lo:
		return True
	case x.Lo >= y.Hi:
		return False
	}
	xs, ys := b.align(x, y)
	return b.ult(xs, ys)
}

// Le is x <= y.
func (b *Builder) Le(x, y Int) Lit { return b.Lt(y, x).Not() }

// ult is unsigned xs < ys over equal widths, from the least significant bit up.
func (b *Builder) ult(xs, ys []Lit) Lit {
	lt := False
	for i := range xs {
		x, y := xs[i], ys[i]
		lt = b.Ite(b.Iff(x, y), lt, b.And(x.Not(), y))
	}
	return lt
}

// uleConst is unsigned xs <= k.
func (b *Builder) uleConst(xs []Lit, k uint64) Lit {
	if width(int64(k)) > len(xs) {
		return True
	}
	return b.ult(constBits(k, len(xs)), xs).Not()
}

// IteInt is "if c then x else y".
func (b *Builder) IteInt(c Lit, x, y Int) Int {
	switch c {
	case True:
		return x
	case False:
		return y
	}
	xs, ys := b.align(x, y)
	out := make([]Lit, len(xs))
	for i := range out {
		out[i] = b.Ite(c, xs[i], ys[i])
	}
	return b.normalize(out, min(x.Off, y.Off), min(x.Lo, y.Lo), max(x.Hi, y.Hi))
}

// Count is the number of xs that hold, summed by a balanced adder tree.
func (b *Builder) Count(xs ...Lit) Int {
	switch len(xs) {
	case 0:
		return Const(0)
	case 1:
		return b.FromLit(xs[0])
	}
	m := len(xs) / 2
	return b.Add(b.Count(xs[:m]...), b.Count(xs[m:]...))
}

// FromLit is 1 when l holds, else 0.
func (b *Builder) FromLit(l Lit) Int {
	switch l {
	case True:
		return Const(1)
	case False:
		return Const(0)
	}
	return Int{Bits: []Lit{l}, Off: 0, Lo: 0, Hi: 1}
}

// IntValue is the value of x in the model of the last Sat answer.
func (b *Builder) IntValue(x Int) int64 {
	v := x.Off
	for i, l := range x.Bits {
		if b.Value(l) {
			v += int64(1) << uint(i)
		}
	}
	return v
}

// InRange holds when x lies in [lo, hi].
func (b *Builder) InRange(x Int, lo, hi int64) Lit {
	return b.And(b.Le(Const(lo), x), b.Le(x, Const(hi)))
}
