package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// client speaks JSON-RPC with Content-Length framing to `specls serve` over its
// stdin and stdout. It shares no types with the server: what it measures is what
// any editor would see on the wire.
type client struct {
	cmd *exec.Cmd
	in  io.WriteCloser

	writeMu sync.Mutex
	mu      sync.Mutex
	nextID  int
	pending map[int]chan response
	// publishes receives every textDocument/publishDiagnostics, stamped on arrival.
	publishes chan publish
	readErr   chan error
}

type response struct {
	Result json.RawMessage
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	}
}

type publish struct {
	At          time.Time
	Version     int
	Diagnostics []struct {
		Code string `json:"code"`
	}
}

// startClient starts the server binary and its reader.
func startClient(binary string, stderr io.Writer) (*client, error) {
	cmd := exec.Command(binary, "serve", "--stdio")
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	c := &client{cmd: cmd, in: in, pending: map[int]chan response{},
		publishes: make(chan publish, 1024), readErr: make(chan error, 1)}
	go c.read(bufio.NewReaderSize(out, 1<<16))
	return c, nil
}

func (c *client) read(r *bufio.Reader) {
	for {
		body, err := readFrame(r)
		if err != nil {
			c.readErr <- err
			close(c.publishes)
			return
		}
		at := time.Now()
		var msg struct {
			ID     *json.RawMessage `json:"id"`
			Method string           `json:"method"`
			Params json.RawMessage  `json:"params"`
			response
		}
		if err := json.Unmarshal(body, &msg); err != nil {
			c.readErr <- fmt.Errorf("undecodable message from the server: %v: %s", err, body)
			close(c.publishes)
			return
		}
		switch {
		case msg.Method == "textDocument/publishDiagnostics":
			var p publish
			if err := json.Unmarshal(msg.Params, &p); err == nil {
				p.At = at
				c.publishes <- p
			}
		case msg.Method != "" && msg.ID != nil:
			// A request from the server (a refresh, a configuration query): an
			// editor answers it, and so does this one, with null.
			c.send(map[string]any{"jsonrpc": "2.0", "id": msg.ID, "result": nil})
		case msg.Method == "" && msg.ID != nil:
			id, _ := strconv.Atoi(string(*msg.ID))
			c.mu.Lock()
			ch := c.pending[id]
			delete(c.pending, id)
			c.mu.Unlock()
			if ch != nil {
				ch <- msg.response
			}
		}
	}
}

func readFrame(r *bufio.Reader) ([]byte, error) {
	length := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
			if length, err = strconv.Atoi(v); err != nil {
				return nil, fmt.Errorf("bad Content-Length %q", v)
			}
		}
	}
	if length < 0 {
		return nil, fmt.Errorf("a frame without Content-Length")
	}
	body := make([]byte, length)
	_, err := io.ReadFull(r, body)
	return body, err
}

func (c *client) send(msg any) error {
	body, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	if _, err := fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n", len(body)); err != nil {
		return err
	}
	_, err = c.in.Write(body)
	return err
}

func (c *client) notify(method string, params any) error {
	return c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// call sends a request and waits at most timeout for its answer.
func (c *client) call(method string, params any, timeout time.Duration) (json.RawMessage, error) {
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan response, 1)
	c.pending[id] = ch
	c.mu.Unlock()
	if err := c.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params}); err != nil {
		return nil, err
	}
	select {
	case r := <-ch:
		if r.Error != nil {
			return nil, fmt.Errorf("%s: error %d: %s", method, r.Error.Code, r.Error.Message)
		}
		return r.Result, nil
	case err := <-c.readErr:
		return nil, fmt.Errorf("%s: connection lost: %v", method, err)
	case <-time.After(timeout):
		return nil, fmt.Errorf("%s: no answer within %s", method, timeout)
	}
}

// waitPublish returns the next publish for version, dropping older ones (a
// version's publishes come in order: the front end's, then the deep check's).
func (c *client) waitPublish(version int, timeout time.Duration) (publish, error) {
	deadline := time.After(timeout)
	for {
		select {
		case p, ok := <-c.publishes:
			if !ok {
				return publish{}, fmt.Errorf("connection closed while waiting for version %d", version)
			}
			if p.Version == version {
				return p, nil
			}
			if p.Version > version {
				return publish{}, fmt.Errorf("a publish for version %d arrived while waiting for %d", p.Version, version)
			}
		case <-deadline:
			return publish{}, fmt.Errorf("no publish for version %d within %s", version, timeout)
		}
	}
}

// close shuts the session down as an editor does, and kills the server if it
// does not exit within a few seconds.
func (c *client) close() error {
	_, err := c.call("shutdown", nil, 10*time.Second)
	if err == nil {
		err = c.notify("exit", nil)
	}
	c.in.Close()
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case werr := <-done:
		if err == nil {
			err = werr
		}
	case <-time.After(5 * time.Second):
		c.cmd.Process.Kill()
		<-done
		if err == nil {
			err = fmt.Errorf("the server did not exit after shutdown and exit; killed")
		}
	}
	return err
}
