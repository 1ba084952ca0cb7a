-- Drives specls from Neovim 0.7 headless, with editors/nvim installed as the docs
-- say (a package under $XDG_DATA_HOME/nvim/site/pack) and an init.lua calling
-- require('specls').setup(): the filetype, colours and client come from the plugin. Everything observed is written as
-- JSON to $SPECLS_E2E_OUT for the Go test to judge; this script asserts nothing.
local out = { steps = {} }
local deadline_ms = tonumber(os.getenv('SPECLS_E2E_WAIT_MS') or '20000')

local function step(name)
  table.insert(out.steps, name)
end

-- diagnostics of bufnr as plain data: positions are Neovim's (0-based lines, byte columns).
local function diagnostics(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(list, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, code = d.code, source = d.source, message = d.message,
    })
  end
  table.sort(list, function(a, b)
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    return a.col < b.col
  end)
  return list
end

local function codes(bufnr)
  local set = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    set[d.code or ''] = true
  end
  return set
end

-- wait_codes waits until bufnr's diagnostics carry every code of want and none of absent.
local function wait_codes(bufnr, want, absent)
  return vim.wait(deadline_ms, function()
    local have = codes(bufnr)
    for _, c in ipairs(want) do
      if not have[c] then return false end
    end
    for _, c in ipairs(absent or {}) do
      if have[c] then return false end
    end
    return true
  end, 20)
end

-- cursor_on puts the cursor on the first occurrence of word on line lnum (1-based).
local function cursor_on(lnum, word)
  local line = vim.api.nvim_buf_get_lines(0, lnum - 1, lnum, true)[1]
  local col = assert(string.find(line, word, 1, true), word .. ' not on line ' .. lnum)
  vim.api.nvim_win_set_cursor(0, { lnum, col - 1 })
end

-- request sends method at the cursor through the attached client and returns its
-- result (or its error as { error = ... }).
local function request(method, extra)
  local params = vim.lsp.util.make_position_params()
  for k, v in pairs(extra or {}) do params[k] = v end
  local answers, err = vim.lsp.buf_request_sync(0, method, params, deadline_ms)
  if not answers then return { error = tostring(err) } end
  for _, a in pairs(answers) do
    if a.err then return { error = a.err } end
    return a.result == nil and vim.NIL or a.result
  end
  return { error = 'no client answered' }
end

-- syntax_at names the syntax group at (lnum, the first occurrence of word) and the
-- highlight group it links to.
local function syntax_at(lnum, word, nth)
  local line = vim.api.nvim_buf_get_lines(0, lnum - 1, lnum, true)[1]
  local col = 0
  for _ = 1, nth or 1 do
    col = assert(string.find(line, word, col + 1, true), word .. ' not on line ' .. lnum)
  end
  local id = vim.fn.synID(lnum, col, 1)
  return vim.fn.synIDattr(id, 'name') .. ' ' .. vim.fn.synIDattr(vim.fn.synIDtrans(id), 'name')
end

-- first_client is bufnr's attached client (buf_get_clients is keyed by client id).
local function first_client(bufnr)
  for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
    return c
  end
end

local ok, err = pcall(function()
  local dir = os.getenv('SPECLS_E2E_DIR')
  out.loaded_from = vim.api.nvim_get_runtime_file('lua/specls/init.lua', false)[1] or ''
  out.restart_command = vim.fn.exists(':SpeclsRestart') == 2

  -- A spec with a syntax error and a name error, then the deep check's warning.
  vim.cmd('edit ' .. vim.fn.fnameescape(dir .. '/broken.specl'))
  local broken = vim.api.nvim_get_current_buf()
  out.broken_filetype = vim.bo[broken].filetype
  out.broken_commentstring = vim.bo[broken].commentstring
  out.broken_syntax = vim.bo[broken].syntax
  step('opened broken.specl')
  out.broken_waited = wait_codes(broken, { 'syntax', 'name', 'vacuous' })
  out.broken_clients = vim.tbl_count(vim.lsp.buf_get_clients(broken))
  out.broken = diagnostics(broken)

  cursor_on(7, 'Light')
  out.hover_enum = request('textDocument/hover')
  cursor_on(9, 'light')
  out.definition_var = request('textDocument/definition')
  step('asked hover and definition in broken.specl')

  -- Fix the name error by typing: Neovim sends an incremental change.
  cursor_on(9, 'Blue')
  vim.cmd('normal! ciwRed')
  -- The front end's publish comes first, the deep check's after it: wait for both.
  out.fixed_waited = wait_codes(broken, { 'syntax', 'vacuous' }, { 'name' })
  out.fixed = diagnostics(broken)
  out.fixed_line = vim.api.nvim_buf_get_lines(broken, 8, 9, true)[1]
  step('fixed the name error')

  -- The reference's bank spec: a blocked action found by the solver.
  vim.cmd('edit ' .. vim.fn.fnameescape(dir .. '/bank.specl'))
  local bank = vim.api.nvim_get_current_buf()
  out.bank_same_client = first_client(bank) ~= nil and first_client(bank).id == first_client(broken).id
  out.bank_waited = wait_codes(bank, { 'blocked-action', 'vacuous' })
  out.bank = diagnostics(bank)
  cursor_on(26, 'balance')
  out.hover_balance = request('textDocument/hover')
  out.definition_balance = request('textDocument/definition')
  cursor_on(39, 'Deposit')
  out.definition_action = request('textDocument/definition')
  step('asked hover and definition in bank.specl')

  -- The deep checks' work-done progress, as Neovim recorded it.
  out.progress = {}
  for token, p in pairs(first_client(bank).messages.progress) do
    table.insert(out.progress, { token = tostring(token), title = p.title or '', done = p.done == true })
  end
  table.sort(out.progress, function(a, b) return a.token < b.token end)

  -- Colours, from the plugin's syntax/specl.vim.
  out.colours = {
    comment = syntax_at(1, 'bank'),
    ['doc comment'] = syntax_at(7, 'Money'),
    ['type keyword'] = syntax_at(8, 'type'),
    ['declared name'] = syntax_at(8, 'Money'),
    number = syntax_at(8, '1000'),
    ['action keyword'] = syntax_at(19, 'action'),
    requires = syntax_at(20, 'requires'),
    prime = syntax_at(21, "'"),
    ['operator word'] = syntax_at(17, 'implies'),
    ['plain name'] = syntax_at(17, 'balance'),
  }
  step('read the colours of bank.specl')

  -- :SpeclsRestart: a fresh server, and bank.specl's findings again.
  local before = first_client(bank).id
  vim.cmd('SpeclsRestart')
  out.restarted = vim.wait(deadline_ms, function()
    local c = first_client(bank)
    return c ~= nil and c.id ~= before and not c.is_stopped()
  end, 20)
  out.restarted_waited = wait_codes(bank, { 'blocked-action', 'vacuous' })
  step('restarted the server')

  -- :help specls, from the plugin's doc/specls.txt once its tags are made.
  vim.cmd('helptags ALL')
  vim.cmd('help specls-lspconfig')
  out.help_file = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(0), ':t')
  out.help_line = vim.api.nvim_get_current_line()
  vim.cmd('close')
  step('opened :help specls')

  -- "Did you mean Open?": the quick fix, asked for and applied as Neovim does.
  vim.cmd('edit ' .. vim.fn.fnameescape(dir .. '/typo.specl'))
  local typo = vim.api.nvim_get_current_buf()
  out.typo_waited = wait_codes(typo, { 'name' })
  local d = vim.diagnostic.get(typo)[1]
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  local params = vim.lsp.util.make_range_params()
  params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(typo) }
  local answers = vim.lsp.buf_request_sync(typo, 'textDocument/codeAction', params, deadline_ms) or {}
  out.typo_actions = {}
  for _, a in pairs(answers) do
    for _, action in ipairs(a.result or {}) do
      table.insert(out.typo_actions, action.title)
      if action.isPreferred and action.edit then
        vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
      end
    end
  end
  out.typo_line = vim.api.nvim_buf_get_lines(typo, 6, 7, true)[1]
  out.typo_fixed = wait_codes(typo, {}, { 'name' })
  step('applied the did-you-mean quick fix')

  -- Indentation, from the plugin's indent/specl.vim: the layout of `specls fmt` is
  -- a fixed point of =, and = restores it from no indentation (lines inside a block
  -- comment are the author's and are left alone).
  vim.cmd('edit ' .. vim.fn.fnameescape(dir .. '/sample.specl'))
  local sample = vim.api.nvim_get_current_buf()
  out.sample_indentexpr = vim.bo[sample].indentexpr
  local formatted = vim.api.nvim_buf_get_lines(sample, 0, -1, true)
  vim.cmd('normal! gg=G')
  out.reindented_same = table.concat(vim.api.nvim_buf_get_lines(sample, 0, -1, true), '\n') == table.concat(formatted, '\n')
  for i, l in ipairs(formatted) do
    local first = l:find('%S')
    local in_comment = first and vim.fn.synIDattr(vim.fn.synID(i, first, 1), 'name'):find('Comment') and not l:match('^%s*/[/*]')
    if not in_comment then
      vim.api.nvim_buf_set_lines(sample, i - 1, i, true, { (l:gsub('^%s+', '')) })
    end
  end
  vim.cmd('normal! gg=G')
  local restored = vim.api.nvim_buf_get_lines(sample, 0, -1, true)
  out.restored = table.concat(restored, '\n') == table.concat(formatted, '\n') or table.concat(restored, '\n')
  step('indented sample.specl')
end)
if not ok then
  out.error = tostring(err)
end
vim.fn.writefile({ vim.fn.json_encode(out) }, os.getenv('SPECLS_E2E_OUT'))
vim.cmd(ok and 'qall!' or 'cquit! 1')
