package lsp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"

	"go.lsp.dev/jsonrpc2"
)

// maxFrame bounds a frame's declared body so that a corrupt Content-Length cannot
// make the server allocate without limit.
const maxFrame = 64 << 20

// maxHeader bounds a header block: a real one is two short lines.
const maxHeader = 4 << 10

// tolerantStream is a jsonrpc2.Stream with LSP Content-Length framing whose Read never
// gives up on a bad message: jsonrpc2 closes the connection on any Read error, so a
// malformed message is answered with a JSON-RPC parse error (id null) and reading
// resumes at the next `Content-Length:` header (see frameReader). Only I/O errors end
// the stream. Writes go through the library's own header stream.
type tolerantStream struct {
	in     *frameReader
	out    jsonrpc2.Stream
	closer io.Closer
	log    *slog.Logger
}

func newTolerantStream(in io.Reader, out io.Writer, log *slog.Logger) *tolerantStream {
	rwc := &pipeRWC{r: in, w: out}
	return &tolerantStream{
		in:     &frameReader{r: in},
		out:    jsonrpc2.NewHeaderStream(rwc),
		closer: rwc,
		log:    log,
	}
}

func (s *tolerantStream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		body, n, problem, err := s.in.frame()
		if err != nil {
			return nil, 0, err
		}
		if problem != "" {
			s.log.Warn("dropping a malformed frame", "problem", problem)
			s.reject(ctx, jsonrpc2.Errorf(jsonrpc2.ParseError, "%s", problem))
			continue
		}
		msg, err := jsonrpc2.DecodeMessage(body)
		if err != nil {
			s.log.Warn("dropping message", "error", err, "bytes", len(body))
			var rpcErr *jsonrpc2.Error
			if !errors.As(err, &rpcErr) {
				rpcErr = jsonrpc2.Errorf(jsonrpc2.ParseError, "%v", err)
			}
			// The rest of a body longer than its Content-Length follows: it is the
			// same broken message, already answered.
			s.in.rejected = true
			s.reject(ctx, rpcErr)
			continue
		}
		return msg, n, nil
	}
}

// reject answers a message that never reached a handler. Its id is unknown, so the
// response carries a null id, as JSON-RPC prescribes for parse errors.
func (s *tolerantStream) reject(ctx context.Context, err *jsonrpc2.Error) {
	if _, werr := s.out.Write(ctx, jsonrpc2.NewResponse(jsonrpc2.ID{}, nil, err)); werr != nil {
		s.log.Warn("answering a malformed message", "error", werr)
	}
}

func (s *tolerantStream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	return s.out.Write(ctx, msg)
}

func (s *tolerantStream) Close() error { return s.closer.Close() }

// frameReader cuts the input into frames, and finds its way back to the frames after
// any damage: a header is recognised by its `Content-Length:` wherever it stands, so
//   - bytes before a header (a body without a header, the tail of a body longer than
//     its Content-Length) are skipped, and answered once;
//   - a body shorter than its Content-Length is found out as soon as the next
//     header shows inside it (a header line ends in a raw line break, which a JSON
//     text can hold only between tokens, where no `Content-Length:` can stand), so
//     the reader never waits for bytes that will not come;
//   - a bad header (no number, a number too large, a line without a colon, no blank
//     line within maxHeader bytes) is answered and skipped, from just after the
//     `Content-Length:` that began it.
//
// Memory: one frame, at most maxHeader + maxFrame bytes, whatever the input.
type frameReader struct {
	r   io.Reader
	buf []byte // read, not yet consumed
	err error  // the input's error, returned once buf is used up

	// rejected: the last frame was answered as broken, so garbage right after it
	// (the rest of that frame) is not answered again.
	rejected bool
	// inBlock: the lines dropped last were header lines (Content-Type), whose block
	// a blank line would end without a Content-Length.
	inBlock bool
}

var headerToken = []byte("content-length:")

// fill reads more input; false when the input is done (r.err says why).
func (r *frameReader) fill() bool {
	if r.err != nil {
		return false
	}
	var chunk [32 << 10]byte
	n, err := r.r.Read(chunk[:])
	r.buf = append(r.buf, chunk[:n]...)
	if err != nil {
		r.err = err
	}
	return n > 0 || err == nil
}

// drop consumes the first n bytes, which were no frame; it tells whether they held
// a message to answer: anything but white space and Content-Type lines, or a header
// block that ended without a Content-Length.
func (r *frameReader) drop(n int) bool {
	junk, block := false, false
	lines := bytes.Split(r.buf[:n], []byte("\n"))
	for i, line := range lines {
		line = bytes.TrimSpace(line)
		switch {
		case len(line) == 0:
			if i < len(lines)-1 && r.inBlock {
				block = true // a blank line ends a block that had no Content-Length
			}
			if i < len(lines)-1 {
				r.inBlock = false
			}
		case hasPrefixFold(line, "content-type:"):
			r.inBlock = true
		default:
			junk = true
		}
	}
	r.consume(n)
	// Text right after a rejected frame is that frame's rest, already answered; a
	// header block is a message of its own.
	answer := block || (junk && !r.rejected)
	r.rejected = r.rejected || junk || block
	return answer
}

// consume takes the first n bytes off the buffer.
func (r *frameReader) consume(n int) {
	r.buf = r.buf[n:]
	if len(r.buf) == 0 {
		r.buf = nil // give back a large body's memory
	}
}

// frame returns the next frame's body, or a problem to answer; err only when the
// input ended (io.EOF at a frame boundary) or failed.
func (r *frameReader) frame() (body []byte, n int64, problem string, err error) {
	// Find the next header; what stands before it is no message.
	at := indexFold(r.buf, 0)
	for at < 0 {
		// Drop whole lines, keeping the last, unfinished one (it may end in a
		// header), unless it is too long to be one.
		cut := bytes.LastIndexByte(r.buf, '\n') + 1
		if len(r.buf)-cut > maxHeader {
			cut = len(r.buf) - (len(headerToken) - 1)
		}
		if cut > 0 {
			if r.drop(cut) {
				return nil, 0, "a message without a Content-Length header", nil
			}
		}
		if !r.fill() {
			return nil, 0, "", r.end()
		}
		at = indexFold(r.buf, 0)
	}
	if at > 0 && r.drop(at) {
		return nil, 0, "a message without a Content-Length header", nil
	}
	r.rejected, r.inBlock = false, false
	length, size, problem, ok := r.header()
	if !ok {
		return nil, 0, "", r.end()
	}
	if problem != "" {
		r.consume(1) // resume the search just after this header's start
		r.rejected = true
		return nil, 0, problem, nil
	}
	// The body: stop early when the next header shows inside it, which no valid
	// body can hold.
	scanned := size
	for {
		end := min(len(r.buf), size+length)
		if next := nextHeader(r.buf[:end], scanned); next >= 0 {
			r.consume(next)
			r.rejected = true
			return nil, 0, fmt.Sprintf("the body is shorter than its Content-Length %d: the next message began inside it", length), nil
		}
		if end == size+length {
			// A body cut short by a small Content-Length may end inside the next
			// header: look at what is already here past the end (without waiting
			// for more) for a header that starts inside the body.
			peek := min(len(r.buf), end+len(headerToken)+32)
			if next := nextHeader(r.buf[:peek], scanned); next >= 0 && next < end {
				r.consume(next)
				r.rejected = true
				return nil, 0, fmt.Sprintf("the body does not match its Content-Length %d: the next message began inside it", length), nil
			}
			break
		}
		scanned = max(size, end-len(headerToken)-32)
		if !r.fill() {
			return nil, 0, "", r.end()
		}
	}
	body = bytes.Clone(r.buf[size : size+length])
	r.consume(size + length)
	r.rejected = false
	return body, int64(size + length), "", nil
}

// end is the input's error once it has ended: io.EOF when the client closed its
// end, wherever that fell (nothing is left to answer).
func (r *frameReader) end() error {
	return r.err
}

// header parses the header block at the start of buf (which starts with the token):
// the declared length and the block's size with its blank line, or a problem. ok is
// false when the input ended first.
func (r *frameReader) header() (length, size int, problem string, ok bool) {
	for {
		end, sep := bytes.Index(r.buf, []byte("\r\n\r\n")), 4
		if e := bytes.Index(r.buf, []byte("\n\n")); e >= 0 && (end < 0 || e < end) {
			end, sep = e, 2
		}
		if end >= 0 && end <= maxHeader {
			length, problem = parseHeader(string(r.buf[:end]))
			return length, end + sep, problem, true
		}
		if len(r.buf) > maxHeader {
			return 0, 0, fmt.Sprintf("no blank line ends the header within %d bytes", maxHeader), true
		}
		if !r.fill() {
			return 0, 0, "", false
		}
	}
}

// parseHeader reads a header block's lines; the first is the Content-Length.
func parseHeader(block string) (length int, problem string) {
	lines := strings.Split(strings.ReplaceAll(block, "\r\n", "\n"), "\n")
	_, value, _ := strings.Cut(lines[0], ":")
	n, err := strconv.Atoi(strings.TrimSpace(value))
	switch {
	case err != nil || n <= 0:
		return 0, fmt.Sprintf("bad Content-Length %q", truncate(strings.TrimSpace(value), 40))
	case n > maxFrame:
		return 0, fmt.Sprintf("Content-Length %d exceeds %d", n, maxFrame)
	}
	for _, line := range lines[1:] {
		name, _, ok := strings.Cut(line, ":")
		if !ok {
			return 0, fmt.Sprintf("header line %q has no colon", truncate(line, 40))
		}
		if strings.EqualFold(strings.TrimSpace(name), "content-length") || strings.Contains(strings.ToLower(line), "content-length:") {
			return 0, "two Content-Length headers"
		}
	}
	return n, ""
}

// nextHeader finds, from offset from, a complete header line: the token, a number
// and a raw line break. It returns its offset or -1.
func nextHeader(b []byte, from int) int {
	for i := indexFold(b, from); i >= 0; i = indexFold(b, i+1) {
		j := i + len(headerToken)
		for j < len(b) && (b[j] == ' ' || b[j] == '\t') {
			j++
		}
		k := j
		for k < len(b) && b[k] >= '0' && b[k] <= '9' {
			k++
		}
		if k > j && k < len(b) && (b[k] == '\r' || b[k] == '\n') {
			return i
		}
	}
	return -1
}

// indexFold is the offset of the first `Content-Length:` (any case) at or after
// from, or -1.
func indexFold(b []byte, from int) int {
	for i := from; i+len(headerToken) <= len(b); i++ {
		if (b[i] == 'c' || b[i] == 'C') && bytes.EqualFold(b[i:i+len(headerToken)], headerToken) {
			return i
		}
	}
	return -1
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && bytes.EqualFold(b[:len(prefix)], []byte(prefix))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// pipeRWC joins a reader and a writer into the io.ReadWriteCloser the library's
// stream wants; Close closes whichever of the two can be closed, which is what
// unblocks a pending Read when the server stops.
type pipeRWC struct {
	r io.Reader
	w io.Writer
}

func (p *pipeRWC) Read(b []byte) (int, error)  { return p.r.Read(b) }
func (p *pipeRWC) Write(b []byte) (int, error) { return p.w.Write(b) }

func (p *pipeRWC) Close() error {
	var errs []error
	if c, ok := p.r.(io.Closer); ok {
		errs = append(errs, c.Close())
	}
	if c, ok := p.w.(io.Closer); ok && any(p.w) != any(p.r) {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}
