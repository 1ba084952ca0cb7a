" Specl syntax colouring for Vim and Neovim (0.7 and later need nothing else).
" The reserved words are those of the language reference's lexical rules.
if exists('b:current_syntax')
  finish
endif

syntax case match
syntax iskeyword @,48-57,_

" Declarations and the clauses and steps inside them.
syntax keyword speclDeclaration spec type enum const var fact initially invariant assert
syntax keyword speclDeclaration action pred fun example nonexample option
syntax keyword speclClause requires ensures given do expect
" Operators written as words, and quantifiers.
syntax keyword speclOperator and or not implies iff in subset union intersect minus with where count
syntax keyword speclQuantifier all some no
syntax keyword speclConditional if then else cases
syntax keyword speclType bool set of
syntax keyword speclBoolean true false

" A name after its declaration keyword is the thing declared.
syntax match speclDeclared /\%(\<\%(spec\|type\|enum\|const\|var\|fact\|initially\|invariant\|assert\|action\|pred\|fun\|example\|nonexample\)\s\+\)\@<=[A-Za-z_][A-Za-z0-9_]*/
" A named clause inside an action: `requires open: …`.
syntax match speclDeclared /\%(\<\%(requires\|ensures\)\s\+\)\@<=[A-Za-z_][A-Za-z0-9_]*\ze\s*:/

syntax match speclNumber /\<\d\+\>/
syntax match speclPrime /\%([A-Za-z0-9_]\)\@<='/
syntax match speclOperatorSymbol /==\|!=\|<=\|>=\|->\|=>\|\.\./

syntax keyword speclTodo TODO FIXME XXX NOTE contained
syntax match speclDocComment "///.*$" contains=speclTodo,@Spell
syntax match speclComment "//\%(/\)\@!.*$" contains=speclTodo,@Spell
syntax region speclComment start="/\*" end="\*/" contains=speclTodo,@Spell
" Specs are short: colour from the start, so that a line inside a block comment is
" known to be one wherever the screen (or the indenter) starts.
syntax sync fromstart

highlight default link speclDeclaration Keyword
highlight default link speclClause Statement
highlight default link speclOperator Operator
highlight default link speclOperatorSymbol Operator
highlight default link speclQuantifier Repeat
highlight default link speclConditional Conditional
highlight default link speclType Type
highlight default link speclBoolean Boolean
highlight default link speclDeclared Identifier
highlight default link speclNumber Number
highlight default link speclPrime Special
highlight default link speclComment Comment
highlight default link speclDocComment SpecialComment
highlight default link speclTodo Todo

let b:current_syntax = 'specl'
