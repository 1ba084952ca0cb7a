package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"strconv"
	"sync"
	"testing"
	"time"
)

// rawClient speaks JSON-RPC with Content-Length framing to a server running Serve
// over pipes. It shares no types with the server: messages are plain JSON.
type rawClient struct {
	t      *testing.T
	w      *io.PipeWriter
	served chan error // Serve's result

	writeMu sync.Mutex
	mu      sync.Mutex
	nextID  int
	pending map[string]chan wireMsg
	notes   []wireMsg
	noteCh  chan struct{} // signalled on each notification
	// unanswered are the server's request methods this client never answers.
	unanswered map[string]bool
}

type wireMsg struct {
	ID     json.RawMessage `json:"id,omitempty"`
	Method string          `json:"method,omitempty"`
	Params json.RawMessage `json:"params,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  *wireError      `json:"error,omitempty"`
}

type wireError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

const waitLimit = 60 * time.Second

func startServer(t *testing.T, opts Options, extra map[string]extraMethod) *rawClient {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	c := &rawClient{t: t, w: inW, served: make(chan error, 1), pending: map[string]chan wireMsg{}, noteCh: make(chan struct{}, 1)}
	go func() {
		err := serve(context.Background(), inR, outW, opts, extra)
		outW.Close()
		c.served <- err
	}()
	go c.readLoop(bufio.NewReader(outR))
	t.Cleanup(func() {
		inW.Close()
		select {
		case <-c.served:
		case <-time.After(waitLimit):
			t.Errorf("server did not stop")
		}
	})
	return c
}

func (c *rawClient) readLoop(r *bufio.Reader) {
	tp := textproto.NewReader(r)
	for {
		h, err := tp.ReadMIMEHeader()
		if err != nil {
			return
		}
		n, err := strconv.Atoi(h.Get("Content-Length"))
		if err != nil {
			c.t.Errorf("server sent a bad header: %v", h)
			return
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		var m wireMsg
		if err := json.Unmarshal(body, &m); err != nil {
			c.t.Errorf("server sent bad JSON %q: %v", body, err)
			return
		}
		switch {
		case m.Method != "" && m.ID != nil:
			// A request from the server (a diagnostics refresh): accept it, unless
			// the test plays a client that never answers it.
			c.mu.Lock()
			silent := c.unanswered[m.Method]
			c.mu.Unlock()
			if !silent {
				c.send(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": nil})
			}
			c.addNote(m)
		case m.Method != "":
			c.addNote(m)
		default:
			c.mu.Lock()
			ch := c.pending[string(m.ID)]
			delete(c.pending, string(m.ID))
			c.mu.Unlock()
			if ch != nil {
				ch <- m
			} else {
				c.addNote(m) // a response nobody waits for: id-less error answers
			}
		}
	}
}

func (c *rawClient) addNote(m wireMsg) {
	c.mu.Lock()
	c.notes = append(c.notes, m)
	c.mu.Unlock()
	select {
	case c.noteCh <- struct{}{}:
	default:
	}
}

func (c *rawClient) send(v any) {
	body, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	c.writeRaw(fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body))
}

func (c *rawClient) writeRaw(s string) {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	if _, err := io.WriteString(c.w, s); err != nil {
		c.t.Errorf("writing to the server: %v", err)
	}
}

// start sends a request and returns its id and the channel its answer arrives on.
func (c *rawClient) start(method string, params any) (int, chan wireMsg) {
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan wireMsg, 1)
	c.pending[strconv.Itoa(id)] = ch
	c.mu.Unlock()
	c.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	return id, ch
}

func (c *rawClient) await(method string, ch chan wireMsg) wireMsg {
	c.t.Helper()
	select {
	case m := <-ch:
		return m
	case <-time.After(waitLimit):
		c.t.Fatalf("no answer to %s", method)
		return wireMsg{}
	}
}

// call sends a request and decodes its result into out (when not nil); it fails
// the test on an error answer.
func (c *rawClient) call(method string, params, out any) {
	c.t.Helper()
	_, ch := c.start(method, params)
	m := c.await(method, ch)
	if m.Error != nil {
		c.t.Fatalf("%s: error %d %s", method, m.Error.Code, m.Error.Message)
	}
	if out != nil {
		if err := json.Unmarshal(m.Result, out); err != nil {
			c.t.Fatalf("%s: result %s: %v", method, m.Result, err)
		}
	}
}

func (c *rawClient) notify(method string, params any) {
	c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// waitNote waits for the first notification after index from that matches, and
// returns it with the index after it.
func (c *rawClient) waitNote(from int, match func(wireMsg) bool) (wireMsg, int) {
	c.t.Helper()
	deadline := time.After(waitLimit)
	for {
		c.mu.Lock()
		for i := from; i < len(c.notes); i++ {
			if match(c.notes[i]) {
				m := c.notes[i]
				c.mu.Unlock()
				return m, i + 1
			}
		}
		c.mu.Unlock()
		select {
		case <-c.noteCh:
		case <-deadline:
			c.t.Fatalf("notification not received")
		}
	}
}

func (c *rawClient) noteCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.notes)
}

type wirePos struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type wireRange struct {
	Start wirePos `json:"start"`
	End   wirePos `json:"end"`
}

type wireDiag struct {
	Range    wireRange `json:"range"`
	Severity int       `json:"severity"`
	Code     string    `json:"code"`
	Source   string    `json:"source"`
	Message  string    `json:"message"`

	CodeDescription struct {
		Href string `json:"href"`
	} `json:"codeDescription"`
}

type wirePublish struct {
	URI         string     `json:"uri"`
	Version     int        `json:"version"`
	Diagnostics []wireDiag `json:"diagnostics"`
}

// diagnostics waits for the diagnostics published for version of uri.
func (c *rawClient) diagnostics(from int, uri string, version int) (wirePublish, int) {
	c.t.Helper()
	var p wirePublish
	m, next := c.waitNote(from, func(m wireMsg) bool {
		if m.Method != "textDocument/publishDiagnostics" {
			return false
		}
		var q wirePublish
		if json.Unmarshal(m.Params, &q) != nil {
			return false
		}
		return q.URI == uri && q.Version == version
	})
	if err := json.Unmarshal(m.Params, &p); err != nil {
		c.t.Fatal(err)
	}
	return p, next
}

func (c *rawClient) initialize(caps map[string]any, initOpts any) map[string]any {
	c.t.Helper()
	var res map[string]any
	params := map[string]any{"processId": nil, "rootUri": nil, "capabilities": caps}
	if initOpts != nil {
		params["initializationOptions"] = initOpts
	}
	c.call("initialize", params, &res)
	c.notify("initialized", map[string]any{})
	return res
}

func (c *rawClient) open(uri, text string, version int) {
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "specl", "version": version, "text": text}})
}

func (c *rawClient) change(uri string, version int, changes ...map[string]any) {
	c.notify("textDocument/didChange", map[string]any{
		"textDocument": map[string]any{"uri": uri, "version": version}, "contentChanges": changes})
}

func rng(l1, c1, l2, c2 int) map[string]any {
	return map[string]any{"start": map[string]any{"line": l1, "character": c1}, "end": map[string]any{"line": l2, "character": c2}}
}

func pos(uri string, line, char int) map[string]any {
	return map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": line, "character": char}}
}
