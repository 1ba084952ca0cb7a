-- specls for Neovim 0.7 and later, on the built-in LSP client and nothing else.
-- See `:help specls` (doc/specls.txt) for installation and options.
--
-- Neovim 0.7 has neither pull diagnostics nor inlay hints, so specls pushes its
-- diagnostics and ends each message with a short form of the counterexample.
local M = {}

-- The options setup() was given, with the defaults filled in.
M.options = nil

local defaults = {
  -- The server's command line: `specls` on $PATH unless told otherwise.
  cmd = { 'specls', 'serve', '--stdio' },
  -- Sent as initializationOptions and in workspace/didChangeConfiguration, e.g.
  -- { depth = 12, budget = 5000, disabledCodes = { 'redundant' } }.
  settings = nil,
  -- Called with (client, bufnr) when the server attaches to a buffer, to map keys.
  on_attach = nil,
  -- Files or directories marking a project's root; the nearest one wins, else the
  -- file's own directory. One server runs per root.
  root_markers = { '.git', '.specls.json' },
}

local function with_defaults(opts)
  return vim.tbl_extend('force', defaults, opts or {})
end

-- One client per root directory: a second buffer of the same project reuses it.
local clients = {}

-- root_of returns the nearest ancestor of path holding one of markers, else path's
-- own directory. (vim.fs.find arrived in 0.8; this works on 0.7.)
local function root_of(path, markers)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  local cur = dir
  while true do
    for _, m in ipairs(markers) do
      if vim.loop.fs_stat(cur .. '/' .. m) ~= nil then
        return cur
      end
    end
    local parent = vim.fn.fnamemodify(cur, ':h')
    if parent == cur then
      return dir
    end
    cur = parent
  end
end

-- config returns the client configuration specls needs, for vim.lsp.start_client,
-- vim.lsp.config (0.11) or nvim-lspconfig; root_dir is left to the caller.
function M.config(opts)
  opts = with_defaults(opts)
  return {
    name = 'specls',
    cmd = opts.cmd,
    filetypes = { 'specl' },
    root_markers = opts.root_markers,
    init_options = opts.settings,
    settings = opts.settings and { specls = opts.settings } or nil,
    on_init = function(client)
      if opts.settings then
        client.notify('workspace/didChangeConfiguration', { settings = { specls = opts.settings } })
      end
    end,
    on_attach = opts.on_attach,
  }
end

-- attach starts (or reuses) the server for bufnr's root and attaches the buffer.
-- It returns the client id, or nil when the server could not start.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local opts = M.options or with_defaults()
  local path = vim.api.nvim_buf_get_name(bufnr)
  local root = root_of(path ~= '' and path or vim.fn.getcwd() .. '/x', opts.root_markers)
  local id = clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    local cfg = M.config(opts)
    cfg.filetypes, cfg.root_markers = nil, nil
    cfg.root_dir = root
    cfg.workspace_folders = { { uri = vim.uri_from_fname(root), name = root } }
    id = vim.lsp.start_client(cfg)
    clients[root] = id
  end
  if id ~= nil then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

-- specl_buffers lists the loaded buffers of filetype specl.
local function specl_buffers()
  local list = {}
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(b) and vim.bo[b].filetype == 'specl' then
      table.insert(list, b)
    end
  end
  return list
end

-- restart stops every specls server this plugin started and attaches the open
-- Specl buffers to fresh ones (after a new specls binary, say).
function M.restart()
  local old = clients
  clients = {}
  for _, id in pairs(old) do
    local c = vim.lsp.get_client_by_id(id)
    if c then
      c.stop()
    end
  end
  -- stop() is asynchronous: attach once the old clients have gone.
  vim.wait(2000, function()
    for _, id in pairs(old) do
      if vim.lsp.get_client_by_id(id) ~= nil then
        return false
      end
    end
    return true
  end, 20)
  for _, b in ipairs(specl_buffers()) do
    M.attach(b)
  end
end

-- setup attaches specls to every Specl buffer, those open now and those to come.
-- (Filetype detection comes from the plugin's ftdetect/specl.vim.)
function M.setup(opts)
  M.options = with_defaults(opts)
  local group = vim.api.nvim_create_augroup('specls', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'specl',
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  for _, b in ipairs(specl_buffers()) do
    M.attach(b)
  end
end

return M
