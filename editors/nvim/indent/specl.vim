" Indentation of Specl as `specls fmt` lays it out: one level (shiftwidth) per open
" brace, `cases` arms included; a closing brace at its opening line's indent; and
" one more level for a clause continued after an operator, a colon, `=` or `=>`, or
" before `then`/`else`. Lines inside a block comment are left as they are.
if exists('b:did_indent')
  finish
endif
let b:did_indent = 1

setlocal indentexpr=SpeclIndent()
setlocal indentkeys=0{,0},0),!^F,o,O,e,=then,=else
setlocal nolisp nosmartindent nocindent

let b:undo_indent = 'setlocal indentexpr< indentkeys< lisp< smartindent< cindent<'

if exists('*SpeclIndent')
  finish
endif

" s:in_comment reports whether (lnum, col) is inside a comment, by syntax.
function! s:in_comment(lnum, col) abort
  return synIDattr(synID(a:lnum, a:col, 1), 'name') =~# 'Comment'
endfunction

" s:code is line lnum without its trailing comments and spaces.
function! s:code(lnum) abort
  let line = getline(a:lnum)
  let line = substitute(line, '/\*.\{-}\*/', '', 'g')
  let line = substitute(line, '//.*$', '', '')
  return substitute(line, '\s\+$', '', '')
endfunction

" s:prev_code finds the nearest line above lnum holding code, or 0.
function! s:prev_code(lnum) abort
  let l = a:lnum - 1
  while l > 0
    let first = match(getline(l), '\S')
    if first >= 0 && !s:in_comment(l, first + 1) && s:code(l) !=# ''
      return l
    endif
    let l -= 1
  endwhile
  return 0
endfunction

let s:continues = '\v(<(and|or|not|implies|iff|in|subset|union|intersect|minus|then|else|with|where)|\=\=|!\=|\<\=|\>\=|\=\>|-\>|[-+*<>=:])$'

function! SpeclIndent() abort
  let lnum = v:lnum
  let line = getline(lnum)
  let first = match(line, '\S')
  " Inside a block comment (not at its start): leave the line alone.
  if first >= 0 && s:in_comment(lnum, first + 1) && line !~# '^\s*/[/*]'
    return -1
  endif
  " The innermost brace still open at the start of this line.
  let save = getcurpos()
  call cursor(lnum, 1)
  let open = searchpair('{', '', '}', 'bW', 's:in_comment(line("."), col("."))')
  call setpos('.', save)
  let sw = shiftwidth()
  let closing = line =~# '^\s*}'
  let base = open > 0 ? indent(open) + (closing ? 0 : sw) : 0
  if closing
    return base
  endif
  " `then`/`else` of an `if` (not the `else =>` arm of `cases`) continue a clause.
  if line =~# '^\s*\<\(then\|else\)\>' && line !~# '^\s*else\s*=>'
    return base + sw
  endif
  let prev = s:prev_code(lnum)
  if prev > 0 && prev >= open && s:code(prev) =~# s:continues
    return base + sw
  endif
  return base
endfunction
