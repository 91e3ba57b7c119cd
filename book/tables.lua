-- tables.lua - tables made from the experiments' TSV results.
--
--   ::: {.tsv-table file="ch03/pairs.tsv"}
--   The caption of the table.
--   :::
--
-- becomes a table of that file (its header line is the table's header),
-- and widths="20 80" sets the share of the line each column takes in a
-- table whose rows are too long for one line (pandoc wraps such cells),
-- read from the data directory of this build (metadata data-root, which
-- the Makefile sets), so the book shows the numbers the programs wrote.
-- A missing file stops the build.

local tsv = require("book.tsv")
local data_root = "build/book/data"

local function fail(message)
  error("tables.lua: " .. message, 0)
end

local function cell(text)
  return (text:gsub("|", "\\|"))
end

-- The file's rows, each field made safe for a pipe table.
local function read_rows(path)
  local rows = tsv.read(path, "tables.lua")
  for _, row in ipairs(rows) do
    for i, field in ipairs(row) do row[i] = cell(field) end
  end
  return rows
end

-- A pipe table in Markdown, with the caption, parsed by pandoc itself.
-- The dashes of each column's rule give its relative width.
local function table_of(rows, caption, widths)
  local lines = {"| " .. table.concat(rows[1], " | ") .. " |"}
  local rule = {}
  for i = 1, #rows[1] do rule[i] = string.rep("-", widths[i] or 3) end
  lines[#lines + 1] = "|" .. table.concat(rule, "|") .. "|"
  for i = 2, #rows do
    lines[#lines + 1] = "| " .. table.concat(rows[i], " | ") .. " |"
  end
  if caption ~= "" then lines[#lines + 1] = "\nTable: " .. caption end
  return pandoc.read(table.concat(lines, "\n"), "markdown").blocks
end

local function read_meta(meta)
  data_root = tsv.root(meta, data_root)
end

local function tsv_table(div)
  if not div.classes:includes("tsv-table") then return nil end
  local file = div.attributes.file
  if not file then fail("a tsv-table names no file") end
  -- The caption back to Markdown on one line, so that its maths, code and
  -- emphasis survive the trip through the table's Markdown.
  local caption = pandoc.write(pandoc.Pandoc(div.content), "markdown",
                               {wrap_text = "wrap-none"}):gsub("%s+$", "")
  local widths = {}
  for w in (div.attributes.widths or ""):gmatch("%d+") do
    widths[#widths + 1] = tonumber(w)
  end
  local rows = read_rows(data_root .. "/" .. file)
  if #widths > 0 and #widths ~= #rows[1] then
    fail(file .. ": widths has " .. #widths .. " numbers for " .. #rows[1] .. " columns")
  end
  return table_of(rows, caption, widths)
end

return {{Meta = read_meta}, {Div = tsv_table}}
