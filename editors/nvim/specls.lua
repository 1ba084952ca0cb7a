-- specls for Neovim 0.7 and later, with nothing but the built-in LSP client.
--
-- Copy this file to ~/.config/nvim/lua/specls.lua and add to init.lua:
--
--   require('specls').setup()                          -- `specls` on $PATH
--   require('specls').setup({ cmd = { '/path/to/specls', 'serve', '--stdio' } })
--
-- Options: cmd (the server's command line), settings (sent as initializationOptions
-- and workspace/didChangeConfiguration, e.g. { depth = 12, disabledCodes = { 'redundant' } }),
-- on_attach (called with client and buffer number, to map keys).
--
-- Neovim 0.7 has neither pull diagnostics nor inlay hints, so specls pushes its
-- diagnostics and ends each message with a short form of the counterexample.
local M = {}

-- One server per root directory: a second buffer of the same project reuses it.
local clients = {}

local function root_of(bufnr)
  local path = vim.api.nvim_buf_get_name(bufnr)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  -- The nearest directory holding a VCS marker, else the file's own directory.
  local marker = vim.fn.finddir('.git', dir .. ';')
  if marker ~= '' then
    return vim.fn.fnamemodify(marker, ':p:h:h')
  end
  return dir
end

-- attach starts (or reuses) the server for bufnr's root and attaches the buffer.
-- It returns the client id.
function M.attach(bufnr, opts)
  opts = opts or M.opts or {}
  local root = root_of(bufnr)
  local id = clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client({
      name = 'specls',
      cmd = opts.cmd or { 'specls', 'serve', '--stdio' },
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
      init_options = opts.settings,
      settings = opts.settings and { specls = opts.settings } or nil,
      on_init = function(client)
        if opts.settings then
          client.notify('workspace/didChangeConfiguration', { settings = { specls = opts.settings } })
        end
      end,
      on_attach = opts.on_attach,
    })
    clients[root] = id
  end
  if id ~= nil then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

-- setup makes *.specl files of filetype `specl` and attaches specls to them.
function M.setup(opts)
  M.opts = opts or {}
  local group = vim.api.nvim_create_augroup('specls', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
    group = group,
    pattern = '*.specl',
    command = 'setfiletype specl',
  })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'specl',
    callback = function(args)
      vim.bo[args.buf].commentstring = '// %s'
      M.attach(args.buf)
    end,
  })
end

return M
