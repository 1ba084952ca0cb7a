package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Config says what one run of the editor loop does.
type Config struct {
	Binary string // the specls binary
	Lines  int    // size of the generated spec
	// Iterations of the typing loop: an edit, its front-end publish, a hover and a
	// completion, faster than the server's pause before a deep check (as typing is).
	Iterations int
	// DeepIterations of the checking loop: an edit, then both of its publishes (the
	// front end's and the deep check's), with a hover and a completion asked while
	// the deep check runs.
	DeepIterations int
	Timeout        time.Duration // for any one publish or answer
	Stderr         io.Writer     // the server's log; nil discards it
}

// Result holds every latency measured, by what was measured.
type Result struct {
	Spec       Spec
	Lines      int
	Front      []time.Duration // didChange -> first publish of that version
	Hover      []time.Duration // hover, server idle
	Completion []time.Duration // completion, server idle
	Deep       []time.Duration // didChange -> the deep check's publish of that version
	DeepFront  []time.Duration // didChange -> front end's publish, in the checking loop
	HoverBusy  []time.Duration // hover while a deep check runs
	DeepCodes  []string        // codes of the last deep publish
	HoverText  string          // the last hover's markdown
	Labels     []string        // the last completion's labels
}

// Run starts the server, opens the generated spec and runs both loops.
func Run(cfg Config) (res Result, err error) {
	if cfg.Timeout == 0 {
		cfg.Timeout = 10 * time.Minute
	}
	if cfg.Stderr == nil {
		cfg.Stderr = io.Discard
	}
	spec := GenerateSpec(cfg.Lines)
	res.Spec, res.Lines = spec, strings.Count(spec.Text, "\n")
	c, err := startClient(cfg.Binary, cfg.Stderr)
	if err != nil {
		return res, err
	}
	defer func() {
		if cerr := c.close(); err == nil && cerr != nil {
			err = fmt.Errorf("closing the session: %w", cerr)
		}
	}()

	dir, err := os.MkdirTemp("", "editorloop-")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(dir)
	uri := "file://" + filepath.ToSlash(filepath.Join(dir, "fleet.specl"))
	if _, err := c.call("initialize", map[string]any{
		"processId": os.Getpid(),
		"rootUri":   "file://" + filepath.ToSlash(dir),
		"capabilities": map[string]any{
			"general": map[string]any{"positionEncodings": []string{"utf-16"}},
			"textDocument": map[string]any{
				"publishDiagnostics": map[string]any{"versionSupport": true},
				"hover":              map[string]any{"contentFormat": []string{"markdown"}},
				"completion":         map[string]any{},
			},
		},
	}, cfg.Timeout); err != nil {
		return res, err
	}
	if err := c.notify("initialized", map[string]any{}); err != nil {
		return res, err
	}
	version := 1
	if err := c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "specl", "version": version, "text": spec.Text,
	}}); err != nil {
		return res, err
	}
	if _, err := c.waitPublish(version, cfg.Timeout); err != nil {
		return res, err
	}

	// Each edit flips the bound of one worker's Ready pred between 20 and 19: the
	// same length, so every other position stays put; the workers take turns.
	bound := make([]bool, spec.Workers)
	edit := func(i int) error {
		w := i % spec.Workers
		bound[w] = !bound[w]
		// spec.Text is the text as opened; the bound's position never moves.
		at := spec.find(spec.workerStart(w), "and n < ")
		at.Character += len("and n < ")
		version++
		return c.notify("textDocument/didChange", map[string]any{
			"textDocument": map[string]any{"uri": uri, "version": version},
			"contentChanges": []map[string]any{{
				"range": map[string]any{"start": at, "end": Position{at.Line, at.Character + 2}},
				"text":  map[bool]string{true: "19", false: "20"}[bound[w]],
			}},
		})
	}
	doc := map[string]any{"uri": uri}
	hover := func(i int) (time.Duration, error) {
		w := i % spec.Workers
		pos := spec.find(spec.workerStart(w), fmt.Sprintf("ensures load%d' == load%d + k", w, w))
		pos.Character += len("ensures ")
		start := time.Now()
		raw, err := c.call("textDocument/hover", map[string]any{"textDocument": doc, "position": pos}, cfg.Timeout)
		d := time.Since(start)
		var h struct {
			Contents struct {
				Value string `json:"value"`
			} `json:"contents"`
		}
		if err == nil {
			err = json.Unmarshal(raw, &h)
			res.HoverText = h.Contents.Value
		}
		return d, err
	}
	complete := func(i int) (time.Duration, error) {
		// At the start of the expression of Finish's first ensures: every name
		// in scope may go there.
		w := i % spec.Workers
		pos := spec.find(spec.workerStart(w), fmt.Sprintf("ensures load%d' == 0", w))
		pos.Character += len("ensures ")
		start := time.Now()
		raw, err := c.call("textDocument/completion", map[string]any{"textDocument": doc, "position": pos}, cfg.Timeout)
		d := time.Since(start)
		if err == nil {
			res.Labels, err = completionLabels(raw)
		}
		return d, err
	}

	for i := range cfg.Iterations {
		start := time.Now()
		if err := edit(i); err != nil {
			return res, err
		}
		p, err := c.waitPublish(version, cfg.Timeout)
		if err != nil {
			return res, err
		}
		res.Front = append(res.Front, p.At.Sub(start))
		d, err := hover(i)
		if err != nil {
			return res, err
		}
		res.Hover = append(res.Hover, d)
		if d, err = complete(i); err != nil {
			return res, err
		}
		res.Completion = append(res.Completion, d)
	}

	for i := range cfg.DeepIterations {
		start := time.Now()
		if err := edit(cfg.Iterations + i); err != nil {
			return res, err
		}
		front, err := c.waitPublish(version, cfg.Timeout)
		if err != nil {
			return res, err
		}
		res.DeepFront = append(res.DeepFront, front.At.Sub(start))
		// Ask while the deep check runs (it starts after the server's pause).
		time.Sleep(400 * time.Millisecond)
		d, err := hover(i)
		if err != nil {
			return res, err
		}
		res.HoverBusy = append(res.HoverBusy, d)
		deep, err := c.waitPublish(version, cfg.Timeout)
		if err != nil {
			return res, fmt.Errorf("waiting for the deep check: %w", err)
		}
		res.Deep = append(res.Deep, deep.At.Sub(start))
		res.DeepCodes = res.DeepCodes[:0]
		for _, d := range deep.Diagnostics {
			res.DeepCodes = append(res.DeepCodes, d.Code)
		}
	}
	return res, nil
}

// completionLabels reads a completion answer: a list or a CompletionList.
func completionLabels(raw json.RawMessage) ([]string, error) {
	type item struct {
		Label string `json:"label"`
	}
	var items []item
	if err := json.Unmarshal(raw, &items); err != nil {
		var list struct {
			Items []item `json:"items"`
		}
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, fmt.Errorf("completion answer: %v: %.200s", err, raw)
		}
		items = list.Items
	}
	labels := make([]string, len(items))
	for i, it := range items {
		labels[i] = it.Label
	}
	return labels, nil
}

// Stats summarises latencies: nearest-rank median and 99th percentile.
type Stats struct {
	N                     int
	Min, Median, P99, Max time.Duration
}

func Summarise(ds []time.Duration) Stats {
	if len(ds) == 0 {
		return Stats{}
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	rank := func(p float64) time.Duration {
		i := int(p*float64(len(s))+0.999999) - 1
		return s[min(max(i, 0), len(s)-1)]
	}
	return Stats{N: len(s), Min: s[0], Median: rank(0.5), P99: rank(0.99), Max: s[len(s)-1]}
}

func (s Stats) String() string {
	if s.N == 0 {
		return "not measured"
	}
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
	return fmt.Sprintf("median %s  p99 %s  (min %s, max %s, n=%d)", ms(s.Median), ms(s.P99), ms(s.Min), ms(s.Max), s.N)
}
