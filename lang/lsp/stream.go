package lsp

import (
	"bufio"
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

// errBadHeader marks a header block that could not be understood; its body (if
// any) cannot be found, so the frame is dropped and reading goes on.
var errBadHeader = errors.New("malformed LSP header")

// tolerantStream is a jsonrpc2.Stream with LSP Content-Length framing whose Read never
// gives up on a bad message: jsonrpc2 closes the connection on any Read error, so a
// malformed header or body is answered with a JSON-RPC error response (id null) and
// the next frame is read. Only I/O errors end the stream. Writes go through the
// library's own header stream.
type tolerantStream struct {
	in     *bufio.Reader
	out    jsonrpc2.Stream
	closer io.Closer
	log    *slog.Logger
}

func newTolerantStream(in io.Reader, out io.Writer, log *slog.Logger) *tolerantStream {
	rwc := &pipeRWC{r: in, w: out}
	return &tolerantStream{
		in:     bufio.NewReader(in),
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
		body, n, err := readFrame(s.in)
		if errors.Is(err, errBadHeader) {
			s.log.Warn("dropping frame", "error", err)
			s.reject(ctx, jsonrpc2.Errorf(jsonrpc2.ParseError, "%v", err))
			continue
		}
		if err != nil {
			return nil, 0, err
		}
		msg, err := jsonrpc2.DecodeMessage(body)
		if err != nil {
			s.log.Warn("dropping message", "error", err, "bytes", len(body))
			var rpcErr *jsonrpc2.Error
			if !errors.As(err, &rpcErr) {
				rpcErr = jsonrpc2.Errorf(jsonrpc2.ParseError, "%v", err)
			}
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

// readFrame reads one header block and its body. The body is a fresh slice: decoded
// requests borrow it for as long as their handlers run.
func readFrame(in *bufio.Reader) ([]byte, int64, error) {
	length, read, err := readHeader(in)
	if err != nil {
		return nil, 0, err
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(in, body); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, 0, err
	}
	return body, int64(read + length), nil
}

// readHeader consumes header lines up to the blank line and returns the declared
// Content-Length. A block without a usable Content-Length is consumed whole and
// reported as errBadHeader; blank lines before a block are skipped.
func readHeader(in *bufio.Reader) (length, read int, err error) {
	length = -1
	var problem string
	lines := 0
	for {
		line, err := in.ReadString('\n')
		read += len(line)
		if err != nil {
			if errors.Is(err, io.EOF) && read == 0 {
				return 0, 0, io.EOF
			}
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return 0, read, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			if lines == 0 {
				continue
			}
			break
		}
		lines++
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			problem = fmt.Sprintf("header line %q has no colon", truncate(line, 40))
			continue
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, convErr := strconv.Atoi(strings.TrimSpace(value))
			switch {
			case convErr != nil || n <= 0:
				problem = fmt.Sprintf("bad Content-Length %q", truncate(value, 40))
			case n > maxFrame:
				problem = fmt.Sprintf("Content-Length %d exceeds %d", n, maxFrame)
			default:
				length = n
			}
		}
	}
	if problem == "" && length < 0 {
		problem = "no Content-Length"
	}
	if problem != "" {
		return 0, read, fmt.Errorf("%w: %s", errBadHeader, problem)
	}
	return length, read, nil
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
