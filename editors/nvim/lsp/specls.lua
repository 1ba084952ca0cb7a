-- The specls server for Neovim 0.11's vim.lsp.config: with this plugin on the
-- runtimepath, `vim.lsp.enable('specls')` is all a user needs. Override any field
-- with vim.lsp.config('specls', { ... }) (see :help specls-0.11).
return {
  cmd = { 'specls', 'serve', '--stdio' },
  filetypes = { 'specl' },
  root_markers = { '.git', '.specls.json' },
}
