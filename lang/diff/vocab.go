package diff

import (
	"fmt"
	"sort"
	"strings"

	"github.com/specls/specls/lang/ast"
	"github.com/specls/specls/lang/encode"
	"github.com/specls/specls/lang/logic"
	"github.com/specls/specls/lang/parser"
	"github.com/specls/specls/lang/sema"
	"github.com/specls/specls/lang/source"
	"github.com/specls/specls/lang/types"
)

// Spec is one side of a comparison: a parsed and resolved file.
type Spec struct {
	Path  string
	Src   string
	File  *ast.File
	Info  *sema.Info
	lines *source.LineIndex
}

// Load parses and resolves one file. It returns the front end's error messages
// (`path:line:col: message`) when the file has syntax, name or type errors: a spec
// that does not check has no models to compare.
func Load(path, src string) (*Spec, []string) {
	f, fs := parser.Parse(src)
	info := sema.Check(f)
	fs = append(fs, info.Findings...)
	s := &Spec{Path: path, Src: src, File: f, Info: info, lines: source.NewLineIndex(src)}
	var errs []string
	for _, x := range fs {
		if x.Severity.String() == "error" {
			errs = append(errs, fmt.Sprintf("%s: %s [%s]", s.pos(x.Span), x.Message, x.Code))
		}
	}
	return s, errs
}

// pos renders a span's start as path:line:col (1-based, code points).
func (s *Spec) pos(sp source.Span) string {
	p := s.lines.Position(sp.Start, source.CodePoints)
	return fmt.Sprintf("%s:%d:%d", s.Path, p.Line+1, p.Column+1)
}

// pair is one variable of the shared vocabulary: its symbol in each spec.
type pair struct {
	sym   [2]*sema.Symbol
	shape *logic.Shape
}

// actPair is one action that both specs declare (matched by name, after --map).
type actPair struct {
	name string // as A names it
	sym  [2]*sema.Symbol
	decl [2]*ast.ActionDecl
}

// vocab is what the two specs share and what each has alone.
type vocab struct {
	shared  []pair
	private [2][]*sema.Symbol
	acts    []actPair
	only    [2][]string // actions of one spec only
}

// MismatchError says why two specs cannot be compared: a shared name whose types
// differ.
type MismatchError struct{ Msg string }

func (e *MismatchError) Error() string { return e.Msg }

func vars(info *sema.Info) []*sema.Symbol {
	var out []*sema.Symbol
	for _, sym := range info.Symbols {
		if sym.Kind == sema.KindVar && !types.IsInvalid(sym.Type) {
			out = append(out, sym)
		}
	}
	return out
}

// shapeOf is the encoding's shape of a variable's type, or an error when the type
// has no finite encoding.
func shapeOf(info *sema.Info, t types.Type) (*logic.Shape, error) {
	return encode.New(logic.New(), info).Shape(t)
}

// match builds the shared vocabulary. rename maps A's names to B's (vars and
// actions).
func match(a, b *Spec, rename map[string]string) (*vocab, error) {
	v := &vocab{}
	bVars := map[string]*sema.Symbol{}
	for _, s := range vars(b.Info) {
		bVars[s.Name] = s
	}
	used := map[*sema.Symbol]bool{}
	for _, sa := range vars(a.Info) {
		name := sa.Name
		if r, ok := rename[name]; ok {
			name = r
		}
		sb := bVars[name]
		if sb == nil {
			v.private[0] = append(v.private[0], sa)
			continue
		}
		ta, err := shapeOf(a.Info, sa.Type)
		if err != nil {
			return nil, fmt.Errorf("var %s in %s: %v", sa.Name, a.Path, err)
		}
		tb, err := shapeOf(b.Info, sb.Type)
		if err != nil {
			return nil, fmt.Errorf("var %s in %s: %v", sb.Name, b.Path, err)
		}
		if !logic.SameShape(ta, tb) {
			return nil, &MismatchError{fmt.Sprintf("var %s has type %s in %s but %s in %s (a shared name must have the same type; use --map to pair other names)",
				label(sa.Name, sb.Name), ta, a.Path, tb, b.Path)}
		}
		used[sb] = true
		v.shared = append(v.shared, pair{sym: [2]*sema.Symbol{sa, sb}, shape: ta})
	}
	for _, sb := range vars(b.Info) {
		if !used[sb] {
			v.private[1] = append(v.private[1], sb)
		}
	}
	bActs := map[string]*sema.Symbol{}
	for _, s := range b.Info.Symbols {
		if s.Kind == sema.KindAction {
			bActs[s.Name] = s
		}
	}
	usedAct := map[string]bool{}
	for _, s := range a.Info.Symbols {
		if s.Kind != sema.KindAction {
			continue
		}
		name := s.Name
		if r, ok := rename[name]; ok {
			name = r
		}
		sb := bActs[name]
		if sb == nil {
			v.only[0] = append(v.only[0], s.Name)
			continue
		}
		usedAct[name] = true
		if len(s.Params) != len(sb.Params) {
			return nil, &MismatchError{fmt.Sprintf("action %s has %d parameters in %s but %d in %s", label(s.Name, sb.Name), len(s.Params), a.Path, len(sb.Params), b.Path)}
		}
		for i := range s.Params {
			ta, err := shapeOf(a.Info, s.Params[i].Type)
			if err != nil {
				return nil, fmt.Errorf("action %s in %s: %v", s.Name, a.Path, err)
			}
			tb, err := shapeOf(b.Info, sb.Params[i].Type)
			if err != nil {
				return nil, fmt.Errorf("action %s in %s: %v", sb.Name, b.Path, err)
			}
			if !logic.SameShape(ta, tb) {
				return nil, &MismatchError{fmt.Sprintf("parameter %d of action %s has type %s in %s but %s in %s",
					i+1, label(s.Name, sb.Name), ta, a.Path, tb, b.Path)}
			}
		}
		da, _ := s.Decl.(*ast.ActionDecl)
		db, _ := sb.Decl.(*ast.ActionDecl)
		v.acts = append(v.acts, actPair{name: s.Name, sym: [2]*sema.Symbol{s, sb}, decl: [2]*ast.ActionDecl{da, db}})
	}
	for _, s := range b.Info.Symbols {
		if s.Kind == sema.KindAction && !usedAct[s.Name] {
			v.only[1] = append(v.only[1], s.Name)
		}
	}
	sort.Strings(v.only[0])
	sort.Strings(v.only[1])
	return v, nil
}

func label(a, b string) string {
	if a == b {
		return a
	}
	return a + " (" + b + ")"
}

// ParseMap reads --map arguments of the form a=b.
func ParseMap(args []string) (map[string]string, error) {
	m := map[string]string{}
	for _, arg := range args {
		a, b, ok := strings.Cut(arg, "=")
		a, b = strings.TrimSpace(a), strings.TrimSpace(b)
		if !ok || a == "" || b == "" {
			return nil, fmt.Errorf("--map %q: want NAME_IN_A=NAME_IN_B", arg)
		}
		m[a] = b
	}
	return m, nil
}
