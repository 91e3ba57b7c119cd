-- boxes.lua - exercise boxes.
--
--   ::: {.exercise exercise="ch01.1"}
--   ...
--   :::
--
-- becomes a framed box titled "Exercise ch01.1: dense_forward (7 points)":
-- the LaTeX environment exercisebox (book/header.tex) in the PDF, a styled
-- div in HTML. The function and the points come from the chapter's judge,
-- the one source of the points (the exercise table the Makefile writes,
-- metadata exercise-table); an exercise the table does not have stops the
-- build.

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

-- exercise id -> {function, points}, from "exercise function points tests".
local function read_exercises()
  local file = io.open(table_path, "r")
  if not file then fail("cannot open " .. table_path .. " (run make)") end
  local found = {}
  for line in file:lines() do
    local id, name, points = line:match("^(ch%d%d%.%d+)\t([^\t]+)\t(%d+)\t")
    if id then found[id] = {name = name, points = tonumber(points)} end
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

local function box(div)
  if not div.classes:includes("exercise") then return nil end
  local title = title_of(div)
  if FORMAT:match("latex") then
    local blocks = {pandoc.RawBlock("latex",
      "\\begin{exercisebox}{" .. latex_escape(title) .. "}")}
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
