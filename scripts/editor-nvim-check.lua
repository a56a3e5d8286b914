-- Neovim as the editor (headless): attaches yaml-language-server to the file named on the command
-- line, waits for its diagnostics and prints them as file:line:column: message. A developer tool,
-- not part of cargo test; works on Neovim 0.7 (Debian bookworm) and later, without plugins.
--
-- Usage, in the scratch project scripts/editor-lsp-check.mjs leaves behind:
--   YLS=/tmp/yls/node_modules/.bin/yaml-language-server nvim --headless -n -i NONE -u scripts/editor-nvim-check.lua platform.yaml
local server = os.getenv("YLS") or "yaml-language-server"
local client = vim.lsp.start_client({
  name = "yamlls",
  cmd = { server, "--stdio" },
  root_dir = vim.fn.getcwd(),
  settings = {
    yaml = {
      validate = true,
      schemaStore = { enable = false },
      schemas = { ["./config.schema.json"] = { ".ipps-check.yaml" } },
    },
  },
})
vim.api.nvim_create_autocmd("VimEnter", {
  callback = function()
    local buf = vim.api.nvim_get_current_buf()
    vim.lsp.buf_attach_client(buf, client)
    vim.wait(15000, function() return #vim.diagnostic.get(buf) > 0 end, 100)
    local name = vim.fn.expand("%")
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      io.stdout:write(string.format("%s:%d:%d: %s\n", name, d.lnum + 1, d.col + 1, d.message))
    end
    vim.cmd("qa!")
  end,
})
