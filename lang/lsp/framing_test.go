package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
	"time"

	"go.lsp.dev/jsonrpc2"
)

func frameOf(body string) string {
	return "Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body
}

const (
	good1 = `{"jsonrpc":"2.0","id":1,"method":"a"}`
	good2 = `{"jsonrpc":"2.0","id":2,"method":"b"}`
)

// readAll reads frames until the input ends: each body, or "!" for a problem.
func readAll(t *testing.T, r io.Reader) []string {
	t.Helper()
	fr := &frameReader{r: r}
	var out []string
	for range 100 {
		body, _, problem, err := fr.frame()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("read error %v after %q", err, out)
		}
		if problem != "" {
			out = append(out, "!")
			continue
		}
		if !json.Valid(body) {
			fr.rejected = true // as the stream does once the decoder refuses it
		}
		out = append(out, string(body))
	}
	t.Fatalf("no end: %q", out)
	return nil
}

// TestFramingResynchronises: after each malformed shape, the frames that follow are
// read as sent, and the broken one is reported once (or, for a body whose
// Content-Length is short, left to the decoder, which answers it).
func TestFramingResynchronises(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
		buffered bool // needs the next frame to have arrived with the broken one
	}{
		{"clean", frameOf(good1) + frameOf(good2), []string{good1, good2}, false},
		{"content-type first", "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n" + frameOf(good1), []string{good1}, false},
		// Declared length shorter than the body: the cut body goes to the decoder
		// (which answers a parse error); the rest is that message's, not answered again.
		{"length too short", "Content-Length: 10\r\n\r\n" + good1 + frameOf(good2), []string{good1[:10], good2}, false},
		// Declared length longer than the body: the next header inside it ends it.
		{"length too long", "Content-Length: 60\r\n\r\n" + good1 + frameOf(good1) + frameOf(good2), []string{"!", good1, good2}, false},
		{"length far too long", "Content-Length: 100000\r\n\r\n" + good1 + frameOf(good2), []string{"!", good2}, false},
		{"body without header", good1 + frameOf(good2), []string{"!", good2}, false},
		{"body without header, then newline", good1 + "\r\n" + frameOf(good2), []string{"!", good2}, false},
		{"bad number", "Content-Length: abc\r\n\r\n" + frameOf(good1), []string{"!", good1}, false},
		{"zero", "Content-Length: 0\r\n\r\n" + frameOf(good1), []string{"!", good1}, false},
		{"over the frame limit", "Content-Length: 99999999999\r\n\r\n" + frameOf(good1), []string{"!", good1}, false},
		{"header block without length", "Content-Type: x\r\n\r\n" + frameOf(good1), []string{"!", good1}, false},
		{"line without colon", "Content-Length: 5\r\nbogus\r\n\r\nhello" + frameOf(good1), []string{"!", good1}, false},
		{"unfinished header glued to the next", "Content-Length: 5" + frameOf(good1), []string{"!", good1}, false},
		{"endless header line", "Content-Length: " + strings.Repeat("9", 10000) + frameOf(good1), []string{"!", good1}, false},
		{"binary junk", "\x00\xff\xfe{{{\r\n\r\n" + frameOf(good1), []string{"!", good1}, false},
		{"length too short, into the next header", "Content-Length: 3\r\n\r\n" + frameOf(good1), []string{"!", good1}, true},
		{"lower case", "content-length: " + strconv.Itoa(len(good1)) + "\n\n" + good1, []string{good1}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := readAll(t, strings.NewReader(tc.in))
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
			if tc.buffered {
				return
			}
			// The same, one byte at a time: reads may cut anywhere.
			got = readAll(t, iotest.OneByteReader(strings.NewReader(tc.in)))
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("one byte at a time: got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestServerAnswersAfterMalformedFrames: through the real server, each malformed
// shape gets one parse error (id null), and the valid requests after it are answered.
func TestServerAnswersAfterMalformedFrames(t *testing.T) {
	shapes := map[string]string{
		"length too short":    "Content-Length: 10\r\n\r\n" + good1,
		"length too long":     "Content-Length: 500\r\n\r\n" + good1,
		"body without header": good1,
		"bad header":          "Content-Length: x\r\n\r\n",
	}
	for name, shape := range shapes {
		t.Run(name, func(t *testing.T) {
			c := startServer(t, Options{}, nil)
			c.initialize(map[string]any{}, nil)
			before := c.noteCount()
			c.writeRaw(shape)
			for i := range 3 {
				method := "specls/noSuchThing" + strconv.Itoa(i)
				_, ch := c.start(method, map[string]any{})
				if m := c.await(method, ch); m.Error == nil || m.Error.Code != int(jsonrpc2.MethodNotFound) {
					t.Fatalf("request %d after the malformed frame: %+v", i, m.Error)
				}
			}
			m, next := c.waitNote(before, func(m wireMsg) bool { return m.Error != nil })
			if m.Error.Code != int(jsonrpc2.ParseError) || string(m.ID) != "null" {
				t.Errorf("answer to the malformed frame: %+v id %s", m.Error, m.ID)
			}
			if c.noteCount() > next {
				if m2, _ := c.waitNote(next, func(m wireMsg) bool { return m.Error != nil && string(m.ID) == "null" }); m2.Error != nil {
					t.Errorf("a second parse error for one frame: %+v", m2.Error)
				}
			}
		})
	}
}

// FuzzServe: whatever bytes a client sends after initializing, the server does not
// panic, and a request sent after them is answered (unless the bytes held an exit,
// which ends the session).
func FuzzServe(f *testing.F) {
	f.Add([]byte(frameOf(good1)))
	f.Add([]byte("Content-Length: 10\r\n\r\n" + good1))
	f.Add([]byte("Content-Length: 500\r\n\r\n" + good1))
	f.Add([]byte(good1))
	f.Add([]byte("Content-Length: 3\r\n\r\n"))
	f.Add([]byte(frameOf(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///a.specl","languageId":"specl","version":1,"text":"spec S\nvar x: bool\nfact F: x"}}}`) +
		frameOf(`{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///a.specl"},"position":{"line":2,"character":8}}}`)))
	f.Add([]byte(frameOf(`{"jsonrpc":"2.0","id":8,"method":"textDocument/completion","params":{"textDocument":{"uri":"file:///a.specl"},"position":{"line":99,"character":-1}}}`)))
	f.Fuzz(func(t *testing.T, data []byte) {
		inR, inW := io.Pipe()
		outR, outW := io.Pipe()
		served := make(chan error, 1)
		go func() {
			served <- serve(context.Background(), inR, outW, Options{}, nil)
			outW.Close()
		}()
		var mu sync.Mutex
		var out []byte
		answered := make(chan struct{})
		go func() {
			buf := make([]byte, 32<<10)
			closed := false
			for {
				n, err := outR.Read(buf)
				mu.Lock()
				out = append(out, buf[:n]...)
				if !closed && bytes.Contains(out, []byte(`"id":424242`)) {
					close(answered)
					closed = true
				}
				mu.Unlock()
				if err != nil {
					return
				}
			}
		}()
		go func() {
			inW.Write([]byte(frameOf(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`) +
				frameOf(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)))
			inW.Write(data)
			inW.Write([]byte(frameOf(`{"jsonrpc":"2.0","id":424242,"method":"specls/fuzzProbe","params":{}}`)))
		}()
		defer inW.Close()
		select {
		case <-answered:
		case err := <-served:
			if !bytes.Contains(data, []byte("exit")) {
				t.Fatalf("the session ended (%v) before the last request was answered", err)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("the request after the fuzzed bytes was not answered")
		}
	})
}
