-- boxes.lua - exercise boxes, and each chapter's table of exercises.
--
--   ::: {.exercise exercise="ch01.1"}
--   ...
--   :::
--
-- becomes a framed box titled "Exercise ch01.1: dense_forward (7 points)":
-- the LaTeX environment exercisebox (book/header.tex) in the PDF, a styled
-- div in HTML; and
--
--   ::: {.exercise-table chapter="ch01"}
--   :::
--
-- the table of the chapter's exercises, their points and tests, and their
-- total. Both come from the chapters' judges, the one source of the
-- points (the exercise table the Makefile writes, metadata
-- exercise-table); an exercise the table does not have stops the build.

local table_path = "build/grade/exercises.tsv"
local exercises = nil

local function fail(message)
  error("boxes.lua: " .. message, 0)
end

local function latex_escape(text)
  return (text:gsub("[\\{}_&%%$#^~]", function (c)
    if c == "\\" then return "\\textbackslash{}" end
    if c == "^" or c == "~" then return "\\" .. c .. "{}" end
    return "\\" .. c
  end))
end

-- The exercises in the order of the table ("exercise function points
-- tests"), each also under its id.
local function read_exercises()
  local file = io.open(table_path, "r")
  if not file then fail("cannot open " .. table_path .. " (run make)") end
  local found = {}
  for line in file:lines() do
    local id, name, points, tests =
      line:match("^(ch%d%d%.%d+)\t([^\t]+)\t(%d+)\t(%d+)$")
    if id then
      local e = {id = id, name = name, points = tonumber(points),
                 tests = tonumber(tests)}
      found[#found + 1], found[id] = e, e
    end
  end
  file:close()
  return found
end

local function title_of(div)
  local id = div.attributes.exercise
  if not id then fail("an exercise box names no exercise (exercise=\"chNN.k\")") end
  exercises = exercises or read_exercises()
  local e = exercises[id]
  if not e then fail("exercise " .. id .. " is not in " .. table_path) end
  return string.format("Exercise %s: %s (%d point%s)", id, e.name, e.points,
                       e.points == 1 and "" or "s")
end

local function read_meta(meta)
  if meta["exercise-table"] then
    table_path = pandoc.utils.stringify(meta["exercise-table"])
  end
end

local function cell(text, code)
  local inline = code and pandoc.Code(text) or pandoc.Str(text)
  return {pandoc.Plain({inline})}
end

local function exercise_table(div)
  local chapter = div.attributes.chapter
  if not chapter then fail("an exercise-table names no chapter") end
  exercises = exercises or read_exercises()
  local rows, points, tests = {}, 0, 0
  for _, e in ipairs(exercises) do
    if e.id:sub(1, #chapter + 1) == chapter .. "." then
      rows[#rows + 1] = {cell(e.id), cell(e.name, true), cell(tostring(e.points)),
                         cell(tostring(e.tests))}
      points, tests = points + e.points, tests + e.tests
    end
  end
  if #rows == 0 then fail(table_path .. " has no exercise of " .. chapter) end
  rows[#rows + 1] = {cell("total"), cell(""), cell(tostring(points)),
                     cell(tostring(tests))}
  local header = {cell("Exercise"), cell("Function"), cell("Points"), cell("Tests")}
  local aligns = {pandoc.AlignLeft, pandoc.AlignLeft, pandoc.AlignRight,
                  pandoc.AlignRight}
  return pandoc.utils.from_simple_table(
    pandoc.SimpleTable(pandoc.utils.blocks_to_inlines(div.content), aligns,
                       {0, 0, 0, 0}, header, rows))
end

local function box(div)
  if div.classes:includes("exercise-table") then return exercise_table(div) end
  if not div.classes:includes("exercise") then return nil end
  local title = title_of(div)
  if FORMAT:match("latex") then
    local blocks = {pandoc.RawBlock("latex",
      "\\begin{exercisebox}{" .. div.attributes.exercise .. "}{" ..
      latex_escape(title) .. "}")}
    for _, block in ipairs(div.content) do blocks[#blocks + 1] = block end
    blocks[#blocks + 1] = pandoc.RawBlock("latex", "\\end{exercisebox}")
    return blocks
  end
  table.insert(div.content, 1, pandoc.Div({pandoc.Plain({pandoc.Str(title)})},
                                          pandoc.Attr("", {"exercise-title"})))
  div.attributes.exercise = nil
  return div
end

return {{Meta = read_meta}, {Div = box}}
