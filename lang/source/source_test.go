package source

import "testing"

// TestLineIndex converts offsets in a text with accents, CJK, an emoji outside the
// BMP, CRLF line ends and an invalid byte, in every encoding, and back.
func TestLineIndex(t *testing.T) {
	text := "ab\r\né中😀x\n\xffz"
	idx := NewLineIndex(text)
	if idx.LineCount() != 3 || idx.LineText(0) != "ab" || idx.LineText(1) != "é中😀x" {
		t.Fatalf("lines: %d %q %q", idx.LineCount(), idx.LineText(0), idx.LineText(1))
	}
	x := 4 + len("é中😀") // offset of x on line 1
	cases := []struct {
		enc  Encoding
		want Position
	}{
		{CodePoints, Position{1, 3}}, // é, 中, 😀 are one code point each
		{UTF16, Position{1, 4}},      // 😀 is a surrogate pair
		{UTF8, Position{1, 9}},       // 2 + 3 + 4 bytes
	}
	for _, c := range cases {
		if got := idx.Position(x, c.enc); got != c.want {
			t.Errorf("encoding %d: Position = %+v, want %+v", c.enc, got, c.want)
		}
		if back := idx.Offset(c.want, c.enc); back != x {
			t.Errorf("encoding %d: Offset(%+v) = %d, want %d", c.enc, c.want, back, x)
		}
	}
	// The invalid byte counts as one unit; z follows it.
	z := len(text) - 1
	if got := idx.Position(z, UTF16); got != (Position{2, 1}) {
		t.Errorf("after an invalid byte: %+v", got)
	}
	// A column inside a surrogate pair lands after the character; one past the end of
	// a line lands at its end; offsets outside the text are clamped.
	if got := idx.Offset(Position{1, 3}, UTF16); got != 4+len("é中😀") {
		t.Errorf("inside a surrogate pair: %d", got)
	}
	if got := idx.Offset(Position{0, 99}, UTF16); got != 2 {
		t.Errorf("past the end of a CRLF line: %d, want 2", got)
	}
	if got := idx.Position(-5, UTF16); got != (Position{0, 0}) {
		t.Errorf("negative offset: %+v", got)
	}
	if got := idx.Position(len(text)+9, CodePoints); got != (Position{2, 2}) {
		t.Errorf("offset past the end: %+v", got)
	}
}
