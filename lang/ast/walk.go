package ast

// Inspect visits n and its children in source order, depth first: f(n) is called
// for each node; if it returns false the node's children are skipped. Absent children
// are not visited: the parser stores an absent Expr or Type as a nil interface, never
// as a typed nil pointer.
func Inspect(n Node, f func(Node) bool) {
	if n == nil || !f(n) {
		return
	}
	for _, c := range Children(n) {
		Inspect(c, f)
	}
}

// Children lists n's direct children in source order.
func Children(n Node) []Node {
	var out []Node
	add := func(ns ...Node) {
		for _, c := range ns {
			if c != nil {
				out = append(out, c)
			}
		}
	}
	switch n := n.(type) {
	case *File:
		for _, d := range n.Decls {
			add(d)
		}
	case *SpecDecl:
		add(identNode(n.Name))
	case *TypeDecl:
		add(identNode(n.Name), n.Type)
	case *EnumDecl:
		add(identNode(n.Name))
		for _, m := range n.Members {
			add(m)
		}
	case *ConstDecl:
		add(identNode(n.Name), n.Type, n.Value)
	case *VarDecl:
		add(identNode(n.Name), n.Type)
	case *ClauseDecl:
		add(identNode(n.Name), n.Body)
	case *ActionDecl:
		add(identNode(n.Name))
		for _, p := range n.Params {
			add(p)
		}
		for _, c := range n.Clauses {
			add(c)
		}
	case *PredDecl:
		add(identNode(n.Name))
		for _, p := range n.Params {
			add(p)
		}
		add(n.Body)
	case *FunDecl:
		add(identNode(n.Name))
		for _, p := range n.Params {
			add(p)
		}
		add(n.Result, n.Body)
	case *ExampleDecl:
		add(identNode(n.Name))
		for _, s := range n.Steps {
			add(s)
		}
	case *OptionDecl:
		add(identNode(n.Name), n.Value)
	case *Param:
		add(identNode(n.Name), n.Type)
	case *ActionClause:
		add(identNode(n.Name), n.Body)
	case *GivenStep:
		add(n.Cond)
	case *DoStep:
		add(identNode(n.Action))
		for _, a := range n.Args {
			add(a)
		}
	case *ExpectStep:
		add(n.Cond)
	case *NamedType:
		add(identNode(n.Name))
	case *RangeType:
		add(n.Lo, n.Hi)
	case *SetType:
		add(n.Elem)
	case *MapType:
		add(n.Key, n.Value)
	case *RecordType:
		for _, f := range n.Fields {
			add(f)
		}
	case *ParenType:
		add(n.Type)
	case *Field:
		add(identNode(n.Name), n.Type)
	case *Name:
		add(identNode(n.Ident))
	case *Primed:
		add(identNode(n.Ident))
	case *Unary:
		add(n.X)
	case *Binary:
		add(n.X, n.Y)
	case *Index:
		add(n.X, n.Key)
	case *Select:
		add(n.X, identNode(n.Field))
	case *Call:
		add(identNode(n.Fun))
		for _, a := range n.Args {
			add(a)
		}
	case *MapUpdate:
		add(n.X, n.Key, n.Value)
	case *RecordUpdate:
		add(n.X, identNode(n.Field), n.Value)
	case *SetLit:
		for _, e := range n.Elems {
			add(e)
		}
	case *Comprehension:
		add(identNode(n.Var), n.Set, n.Cond)
	case *RecordLit:
		for _, f := range n.Fields {
			add(f)
		}
	case *FieldValue:
		add(identNode(n.Name), n.Value)
	case *RangeExpr:
		add(n.Lo, n.Hi)
	case *Count:
		add(n.X)
	case *If:
		add(n.Cond, n.Then, n.Else)
	case *Quant:
		for _, b := range n.Bindings {
			add(b)
		}
		add(n.Body)
	case *Binding:
		for _, v := range n.Vars {
			add(v)
		}
		add(n.Set)
	case *Cases:
		for _, a := range n.Arms {
			add(a)
		}
		if n.Else != nil {
			add(n.Else)
		}
	case *CaseArm:
		add(n.Guard, n.Value)
	case *Paren:
		add(n.X)
	}
	return out
}

// identNode keeps a nil *Ident from becoming a non-nil Node.
func identNode(id *Ident) Node {
	if id == nil {
		return nil
	}
	return id
}

// Path returns the chain of nodes from root down to the innermost node whose span
// contains offset (root first). Empty when root does not contain it.
func Path(root Node, offset int) []Node {
	var path []Node
	Inspect(root, func(n Node) bool {
		if !n.Bounds().Contains(offset) {
			return false
		}
		path = append(path, n)
		return true
	})
	return path
}
