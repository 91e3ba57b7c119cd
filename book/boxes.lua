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
-- total; and
--
--   ::: {.objectives chapter="ch01" hours="4"}
--   - derive the gradient of a dense layer ...
--   :::
--
-- the box a chapter opens with: "In this chapter you will learn to", the
-- objectives the div holds (a list, then what the chapter builds on), and
-- a last line "Exercises ch01.1 to ch01.6: 6 functions, 50 points, about
-- 4 hours" - the environment objectivesbox (book/header.tex), which
-- never splits across pages, in the PDF, a styled div in HTML. All three
-- come from the chapters' judges, the one source of the points (the
-- exercise table the Makefile writes, metadata exercise-table); an
-- exercise the table does not have, or a chapter with none, stops the
-- build.
--
-- hours= is the one number written by hand: the time a student new to
-- the topic needs to write the chapter's exercises and get them to pass
-- (not to read the chapter or run its experiment), to the half hour
-- ("3.5" is printed "3½", "0.5" "half an hour"). It
-- is estimated by a rule of thumb, then adjusted where the chapter asks
-- more (or less) than the rule sees, and the chapter's comment above its
-- box says how:
--   10 minutes a function (reading its contract, building, grading),
--   + 2 minutes a point (the judges give more points to the harder ones),
--   + 1 minute a line of the reference solution (the non-blank, non-
--     comment lines between BEGIN SOLUTION and END SOLUTION in
--     solutions/chNN_*.c, which the student copy does not have).
-- Chapter 01, with 6 functions, 50 points and 46 lines, comes to 206
-- minutes, and to 4 hours with the half hour that a first chapter costs
-- to learn the kit's matrices and grader.

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

-- "3.5" -> "3½", "4" -> "4" (hours to the half hour).
local function hours_text(chapter, hours)
  local h = tonumber(hours)
  if not h or h <= 0 or h * 2 ~= math.floor(h * 2) then
    fail("the objectives of " .. chapter .. ": hours=\"" .. hours ..
         "\" is not a number of half hours")
  end
  if h == 0.5 then return "half an hour" end
  local whole = math.floor(h)
  return tostring(whole) .. (h ~= whole and "½" or "") .. (h == 1 and " hour" or " hours")
end

-- Words and the spaces between them, as Pandoc inlines.
local function words(text)
  local inlines = {}
  for space, word in text:gmatch("(%s*)(%S+)") do
    if space ~= "" then inlines[#inlines + 1] = pandoc.Space() end
    inlines[#inlines + 1] = pandoc.Str(word)
  end
  return inlines
end

-- "Exercises ch01.1 to ch01.6: 6 functions, 50 points, about 4 hours."
local function objectives_footer(chapter, hours)
  exercises = exercises or read_exercises()
  local first, last, count, points = nil, nil, 0, 0
  for _, e in ipairs(exercises) do
    if e.id:sub(1, #chapter + 1) == chapter .. "." then
      first, last = first or e.id, e.id
      count, points = count + 1, points + e.points
    end
  end
  if count == 0 then fail(table_path .. " has no exercise of " .. chapter) end
  local ids = count == 1 and first or (first .. " to " .. last)
  return string.format("Exercises %s: %d function%s, %d point%s, about %s.",
                       ids, count, count == 1 and "" or "s", points,
                       points == 1 and "" or "s", hours_text(chapter, hours))
end

local objectives_title = "In this chapter you will learn to"

local function objectives(div)
  local chapter = div.attributes.chapter
  if not chapter then fail("an objectives box names no chapter (chapter=\"chNN\")") end
  local hours = div.attributes.hours
  if not hours then fail("the objectives of " .. chapter .. " give no hours=") end
  local footer = objectives_footer(chapter, hours)
  local label, rest = footer:match("^(Exercises [^:]*:)(.*)$")
  local inlines = {pandoc.Strong(words(label)), pandoc.Space()}
  for _, inline in ipairs(words(rest)) do inlines[#inlines + 1] = inline end
  local last = pandoc.Para(inlines)
  if FORMAT:match("latex") then
    local blocks = {pandoc.RawBlock("latex",
      "\\begin{objectivesbox}{" .. latex_escape(objectives_title) .. "}")}
    for _, block in ipairs(div.content) do blocks[#blocks + 1] = block end
    blocks[#blocks + 1] = last
    blocks[#blocks + 1] = pandoc.RawBlock("latex", "\\end{objectivesbox}")
    return blocks
  end
  table.insert(div.content, 1, pandoc.Div({pandoc.Plain({pandoc.Str(objectives_title)})},
                                          pandoc.Attr("", {"objectives-title"})))
  div.content[#div.content + 1] = pandoc.Div({last}, pandoc.Attr("", {"objectives-time"}))
  div.attributes.chapter, div.attributes.hours = nil, nil
  return div
end

local function box(div)
  if div.classes:includes("exercise-table") then return exercise_table(div) end
  if div.classes:includes("objectives") then return objectives(div) end
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
