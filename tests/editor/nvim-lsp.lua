-- Neovim as the editor, headless, with its built-in LSP client and no plugins: starts
-- `ipps-check lsp` on the file named on the command line, and records what a person would see —
-- the diagnostics, the hover on `staffing.full_time`, the diagnostics after an edit, the section a
-- quick fix inserts — as JSON in $OUT, and as lines on standard output. Run by tests/lsp.rs;
-- works on Neovim 0.7 (Debian bookworm) and later:
--   IPPS_CHECK=target/debug/ipps-check OUT=/tmp/out.json \
--     nvim --headless --noplugin -n -i NONE -u tests/editor/nvim-lsp.lua platform.yaml
local bin = os.getenv("IPPS_CHECK") or "ipps-check"
local out = os.getenv("OUT") or "nvim-lsp.json"
local wait_ms = 30000
local results = { steps = {} }

local function step(name)
  table.insert(results.steps, name)
end

local function seen(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(list, {
      line = d.lnum + 1,
      col = d.col,
      end_col = d.end_col,
      severity = d.severity,
      code = d.code or lsp.code,
      source = d.source,
      message = d.message,
      section = lsp.data and lsp.data.section or vim.NIL,
    })
  end
  table.sort(list, function(a, b)
    if a.line ~= b.line then return a.line < b.line end
    return tostring(a.code) < tostring(b.code)
  end)
  return list
end

local function has_code(buf, code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == code then return true end
  end
  return false
end

local function finish()
  local file = io.open(out, "w")
  file:write(vim.fn.json_encode(results))
  file:close()
  for _, d in ipairs(results.opened or {}) do
    io.stdout:write(string.format("%d:%d: [%s] %s\n", d.line, d.col + 1, tostring(d.code), (d.message:gsub("\n", " | "))))
  end
  if results.hover then io.stdout:write("hover:\n" .. results.hover .. "\n") end
  vim.cmd("qa!")
end

vim.api.nvim_create_autocmd("VimEnter", {
  callback = function()
    local ok, err = pcall(function()
      local buf = vim.api.nvim_get_current_buf()
      local config = { name = "ipps-check", cmd = { bin, "lsp" }, root_dir = vim.fn.getcwd() }
      local client_id
      if vim.lsp.start then
        client_id = vim.lsp.start(config)
      else
        client_id = vim.lsp.start_client(config)
        vim.lsp.buf_attach_client(buf, client_id)
      end
      if not vim.wait(wait_ms, function() return #vim.diagnostic.get(buf) > 0 end, 20) then
        step("no diagnostics")
        return
      end
      local client = vim.lsp.get_client_by_id(client_id)
      results.encoding = client.offset_encoding
      results.opened = seen(buf)
      step("opened")

      -- Hover on the full-time headcount.
      local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
      local row
      for i, l in ipairs(lines) do
        if l:find("full_time:", 1, true) then row = i end
      end
      vim.api.nvim_win_set_cursor(0, { row, 2 })
      local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
      local replies = vim.lsp.buf_request_sync(buf, "textDocument/hover", params, wait_ms) or {}
      for _, reply in pairs(replies) do
        if reply.result then results.hover = reply.result.contents.value end
      end
      step("hover")

      -- Type a larger headcount: the 6.3.2 gap goes.
      vim.api.nvim_buf_set_lines(buf, row - 1, row, false, { "  full_time: 12" })
      vim.wait(wait_ms, function() return not has_code(buf, "6.3.2") end, 20)
      results.edited = seen(buf)
      step("edited")

      -- The quick fix for a gap in a missing section, applied as the editor applies it.
      local with_section
      for _, d in ipairs(vim.diagnostic.get(buf)) do
        local lsp = d.user_data and d.user_data.lsp or {}
        if lsp.data and lsp.data.section == "facilities" then with_section = d end
      end
      if with_section then
        local lsp = with_section.user_data.lsp
        local diagnostic = {
          range = { start = { line = with_section.lnum, character = with_section.col },
                    ["end"] = { line = with_section.end_lnum, character = with_section.end_col } },
          severity = with_section.severity, code = with_section.code, source = with_section.source,
          message = with_section.message, data = lsp.data,
        }
        local action_params = {
          textDocument = { uri = vim.uri_from_bufnr(buf) },
          range = diagnostic.range,
          context = { diagnostics = { diagnostic } },
        }
        local actions = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", action_params, wait_ms) or {}
        for _, reply in pairs(actions) do
          local action = reply.result and reply.result[1]
          if action then
            results.action = action.title
            vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
          end
        end
        local text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
        results.inserted = text:find("\nfacilities:\n", 1, true) ~= nil
        vim.wait(wait_ms, function()
          for _, d in ipairs(vim.diagnostic.get(buf)) do
            local l = d.user_data and d.user_data.lsp or {}
            if l.data and l.data.section == "facilities" then return false end
          end
          return true
        end, 20)
        results.fixed = seen(buf)
        step("fixed")
      end
    end)
    if not ok then results.error = tostring(err) end
    finish()
  end,
})
