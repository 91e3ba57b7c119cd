-- numbers.lua - the numbers of a run, in the prose, from the run's TSVs.
--
--   at 25% hidden the error fell to
--   []{.run file="ch03/history.tsv" row="ratio=0.25; epoch=10" col="test"}
--
-- becomes the cell of that file (under the build's data-root) in column
-- `col` of the one row whose cells match every KEY=VALUE of `row`, the
-- conditions separated by ";" (values compared as numbers when both are;
-- row="last" or "first" for those). Where several rows match, the build
-- stops, unless pick="last" takes the last of them (the last epoch of
-- a run, whatever its length).
-- fmt="%.4f" formats it (the default keeps the text as written), and
-- scale="100" multiplies it first (a fraction shown as a percent: with
-- fmt="%.2f%%"). A missing file, column or row, or a row that matches
-- twice, stops the build: the prose cannot quote what its run did not
-- write, and the quick book, the student's and the instructor's each
-- quote their own run.

local tsv = require("book.tsv")
local data_root = "build/book/data"
local cache = {}

local function fail(where, message)
  error("numbers.lua: " .. where .. ": " .. message, 0)
end

local function rows_of(file)
  if not cache[file] then
    cache[file] = tsv.read(data_root .. "/" .. file, "numbers.lua")
  end
  return cache[file]
end

local function column(header, name, where)
  for i, field in ipairs(header) do
    if field == name then return i end
  end
  fail(where, "no column '" .. name .. "'")
end

local function same(cell, value)
  local a, b = tonumber(cell), tonumber(value)
  if a and b then return a == b end
  return cell == value
end

-- The one row that every KEY=VALUE condition holds for (with last, the
-- last of those that do).
local function find_row(rows, conditions, last, where)
  if conditions == "last" then return rows[#rows] end
  if conditions == "first" then return rows[2] end
  local tests = {}
  for part in (conditions .. ";"):gmatch("([^;]*);") do
    local key, value = part:match("^%s*([^=]-)%s*=%s*(.-)%s*$")
    if key then tests[#tests + 1] = {column(rows[1], key, where), value} end
  end
  if #tests == 0 then fail(where, "row='" .. conditions .. "' says nothing") end
  local found
  for r = 2, #rows do
    local all = true
    for _, t in ipairs(tests) do
      all = all and same(rows[r][t[1]] or "", t[2])
    end
    if all then
      if found and not last then
        fail(where, "more than one row has " .. conditions ..
                    " (pick=\"last\" takes the last)")
      end
      found = rows[r]
    end
  end
  if not found then fail(where, "no row has " .. conditions) end
  return found
end

local function run_number(span)
  if not span.classes:includes("run") then return nil end
  local a = span.attributes
  local where = (a.file or "?") .. " " .. (a.row or "?") .. " " .. (a.col or "?")
  if not (a.file and a.row and a.col) then
    fail(where, "a run number needs file, row and col")
  end
  local rows = rows_of(a.file)
  local row = find_row(rows, a.row, a.pick == "last", where)
  local text = row[column(rows[1], a.col, where)]
  if not text or text == "" then fail(where, "the cell is empty") end
  if a.scale or a.fmt then
    local value = tonumber(text)
    if not value then fail(where, "'" .. text .. "' is not a number") end
    text = string.format(a.fmt or "%g", value * tonumber(a.scale or "1"))
  end
  return pandoc.Str(text)
end

local function read_meta(meta)
  data_root = tsv.root(meta, data_root)
end

return {{Meta = read_meta}, {Span = run_number}}
