package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"syscall"

	"github.com/specls/specls/lang/diag"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/report"
	"github.com/specls/specls/lang/source"
)

// defaultMaxBytes is the largest spec file read unless --max-bytes says otherwise
// (parser.DefaultMaxSource): far beyond any hand-written spec, small enough that the
// front end's time and memory stay bounded.
const defaultMaxBytes = parser.DefaultMaxSource

// bom is the UTF-8 byte-order mark. A file may start with one (some Windows editors
// write it); it is not part of the spec, so it is set aside on reading, and fmt -w
// puts it back.
const bom = "\uFEFF"

// tooLargeError is a spec file over the size limit: it is not read past the limit,
// and check reports it as one finding.
type tooLargeError struct {
	path        string
	size, limit int64 // size is -1 when only "more than limit" is known (standard input)
}

func (e *tooLargeError) Error() string {
	return e.path + ": " + e.reason()
}

func (e *tooLargeError) reason() string {
	size := "more than " + bytesText(e.limit)
	if e.size >= 0 {
		size = bytesText(e.size)
	}
	return fmt.Sprintf("the file is %s, over the limit of %s for a spec (--max-bytes raises it); it was not read", size, bytesText(e.limit))
}

// finding is the one finding a file too large to read gets, at its start.
func (e *tooLargeError) finding() diag.Finding {
	return diag.New(diag.Syntax, source.Span{}, "%s", e.reason())
}

func bytesText(n int64) string {
	if n == 1 {
		return "1 byte"
	}
	return fmt.Sprintf("%d bytes", n)
}

// maxBytes is the size limit for spec files in this run.
func (e *env) maxBytes() int64 {
	if e.maxSize > 0 {
		return e.maxSize
	}
	return defaultMaxBytes
}

// readFile reads one spec file: a regular file (a symlink to one is followed) of at
// most limit bytes. Anything else is refused with the reason: a device such as
// /dev/zero never ends, a FIFO may block forever, a directory is no text. The file is
// opened without blocking and checked again once open, so a FIFO put in its place
// between the two looks cannot hang the read.
func readFile(path string, limit int64) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", errors.New(ioError(err))
	}
	if err := regular(path, st.Mode()); err != nil {
		return "", err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return "", errors.New(ioError(err))
	}
	defer f.Close()
	if st, err = f.Stat(); err != nil {
		return "", errors.New(ioError(err))
	}
	if err := regular(path, st.Mode()); err != nil {
		return "", err
	}
	if st.Size() > limit {
		return "", &tooLargeError{path: path, size: st.Size(), limit: limit}
	}
	return readLimited(f, path, limit)
}

// readLimited reads r to its end, but never more than limit+1 bytes (a file that
// grows while read, or standard input).
func readLimited(r io.Reader, path string, limit int64) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return "", fmt.Errorf("%s: %v", path, err)
	}
	if int64(len(b)) > limit {
		return "", &tooLargeError{path: path, size: -1, limit: limit}
	}
	return string(b), nil
}

// regular refuses what is not a regular file, saying what it is.
func regular(path string, m fs.FileMode) error {
	var what string
	switch {
	case m.IsRegular():
		return nil
	case m.IsDir():
		what = "a directory"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO), which could block forever"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeDevice != 0:
		what = "a device, which could be endless (like /dev/zero)"
	default:
		what = "not a regular file"
	}
	return fmt.Errorf("%s: is %s; specls reads only regular files", path, what)
}

// stripBOM sets aside a byte-order mark at the start of text.
func stripBOM(text string) (string, bool) {
	if strings.HasPrefix(text, bom) {
		return text[len(bom):], true
	}
	return text, false
}

// tooLargeFile is the report of a file that was not read: its one finding.
func tooLargeFile(err error, path string) (report.File, bool) {
	var tl *tooLargeError
	if !errors.As(err, &tl) {
		return report.File{}, false
	}
	return report.File{Path: path, Findings: []diag.Finding{tl.finding()}}, true
}
