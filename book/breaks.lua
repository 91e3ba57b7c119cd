-- breaks.lua - where the PDF may break a line or a page (LaTeX only).
--
-- Lines: TeX never breaks inside `src/core/learn/gradcheck.c` or
-- `softmax_xent_finite_differences`: such a name near the end of a line
-- either sticks out into the margin (an overfull box) or leaves a line
-- spaced out to the margin. Each Code inline gets a break point
-- (\codebreak, book/header.tex: no hyphen, the cost of a hyphenation)
-- after every / and _ with at least three characters on either side.
-- Headings are left whole (their text is also the PDF's bookmarks).
--
-- Pages: a table of up to WHOLE_ROWS rows never breaks (\wholetable in
-- its first row, book/header.tex: longtable then starts it on the next
-- page unless all of it fits); no table breaks before its last row
-- (\keeprow in the last but one). Longtable itself keeps the head with
-- the first row. Each table marks the pages of its first, last but one
-- and last rows in the LaTeX log (\layoutmark), where tools/check-tex-log
-- checks them.
--
-- HTML reflows by itself and is not touched. Runs last: the tables of
-- tables.lua and boxes.lua are made by then.

local MIN_SIDE = 3
local WHOLE_ROWS = 25
local tables = 0

local function mark_heading(header)
  return pandoc.walk_block(header, {Code = function (code)
    code.attributes["code-breaks"] = "no"
    return code
  end})
end

local function split(code)
  if code.attributes["code-breaks"] == "no" then
    code.attributes["code-breaks"] = nil
    return code
  end
  local text, pieces, start = code.text, {}, 1
  for i = MIN_SIDE, #text - MIN_SIDE do
    local c = text:sub(i, i)
    if c == "/" or c == "_" then
      pieces[#pieces + 1] = pandoc.Code(text:sub(start, i), code.attr)
      pieces[#pieces + 1] = pandoc.RawInline("latex", "\\codebreak{}")
      start = i + 1
    end
  end
  if start == 1 then return nil end
  pieces[#pieces + 1] = pandoc.Code(text:sub(start), code.attr)
  return pieces
end

-- Raw LaTeX at the end of a row's last cell, before the row's \\.
local function append(row, latex)
  local cell = row.cells[#row.cells]
  local last = cell.contents[#cell.contents]
  if last and (last.t == "Plain" or last.t == "Para") then
    last.content:insert(pandoc.RawInline("latex", latex))
  else
    cell.contents:insert(pandoc.Plain({pandoc.RawInline("latex", latex)}))
  end
end

local function keep_rows(tbl)
  local rows = {}
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.body) do rows[#rows + 1] = row end
  end
  if #rows == 0 then return nil end
  tables = tables + 1
  local whole = #rows <= WHOLE_ROWS
  local name = "table " .. tables .. (whole and " whole" or " long")
  for i, row in ipairs(rows) do
    local latex = ""
    if i == 1 then latex = latex .. "\\layoutmark{" .. name .. " first}" end
    if i == #rows - 1 then latex = latex .. "\\layoutmark{" .. name .. " penult}" end
    if i == #rows then latex = latex .. "\\layoutmark{" .. name .. " last}" end
    if whole and i == 1 then latex = latex .. "\\wholetable" end
    if i == #rows - 1 then latex = latex .. "\\keeprow" end
    if latex ~= "" then append(row, latex) end
  end
  return tbl
end

if not FORMAT:match("latex") then return {} end
return {{Header = mark_heading}, {Code = split, Table = keep_rows}}
