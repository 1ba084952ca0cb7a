-- :SpeclsRestart restarts the specls servers this plugin started. Nothing starts
-- until require('specls').setup() is called (see :help specls).
if vim.g.loaded_specls then
  return
end
vim.g.loaded_specls = true

vim.api.nvim_create_user_command('SpeclsRestart', function()
  require('specls').restart()
end, { desc = 'Restart the specls language servers' })
