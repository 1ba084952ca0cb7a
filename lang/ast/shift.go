package ast

import (
	"reflect"

	"github.com/specls/specls/lang/source"
)

// Shift returns a deep copy of n with every span moved by delta bytes: the parser's
// cache keeps a declaration's tree, not its parse, and moves it where an edit above
// it put it. n is left as it is (trees are immutable once built); a node reached
// twice from n is copied once.
func Shift(n Node, delta int) Node {
	if n == nil {
		return nil
	}
	s := &shifter{delta: delta, done: map[any]reflect.Value{}}
	return s.copy(reflect.ValueOf(n)).Interface().(Node)
}

type shifter struct {
	delta int
	done  map[any]reflect.Value // pointers copied so far (as interfaces: compared by address), old to new
}

var spanType = reflect.TypeOf(source.Span{})

func (s *shifter) copy(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		if c, ok := s.done[v.Interface()]; ok {
			return c
		}
		c := reflect.New(v.Type().Elem())
		s.done[v.Interface()] = c
		c.Elem().Set(s.copy(v.Elem()))
		return c
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(s.copy(v.Elem()))
		return c
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			c.Index(i).Set(s.copy(v.Index(i)))
		}
		return c
	case reflect.Struct:
		if v.Type() == spanType {
			sp := v.Interface().(source.Span)
			return reflect.ValueOf(source.Span{Start: sp.Start + s.delta, End: sp.End + s.delta})
		}
		c := reflect.New(v.Type()).Elem()
		for i := range v.NumField() {
			c.Field(i).Set(s.copy(v.Field(i)))
		}
		return c
	case reflect.Map, reflect.Func, reflect.Chan, reflect.Array, reflect.UnsafePointer:
		panic("ast.Shift: a node holds a " + v.Kind().String())
	}
	return v // strings, numbers, bools: values
}
