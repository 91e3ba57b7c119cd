-- runs.lua - a book built from short runs says so.
--
-- make book QUICK=1 builds the book from the experiments' --quick runs
-- (metadata runs=quick), a few seconds each instead of minutes. Their
-- numbers and figures are real but not those of a full run, so the title
-- page says what the book was built from, and every figure's caption
-- ends with a data note. A full build (runs=full) is left as it is. Each
-- chapter's results say which run they come from (run_source below).

local quick = false
local student = false

-- Inlines from text where `...` marks code (which keeps -- as two
-- dashes, where LaTeX would print an en dash).
local function inlines(text)
  local result = pandoc.Inlines({})
  for plain, code in (text .. "``"):gmatch("(.-)`(.-)`") do
    result:extend(pandoc.Inlines(plain))
    if code ~= "" then result:insert(pandoc.Code(code)) end
  end
  return result
end

local NOTE = "Built from short runs (`make book QUICK=1`): every number and " ..
             "figure comes from the experiments' `--quick` runs, of a few " ..
             "seconds each, not from the full runs the book describes."
local DATA_NOTE = "Data: a short run (`--quick`)."

local function read_meta(meta)
  quick = meta.runs and pandoc.utils.stringify(meta.runs) == "quick"
  student = meta["runs-by"] and pandoc.utils.stringify(meta["runs-by"]) == "student"
  if not quick then return nil end
  meta.date = pandoc.MetaInlines({pandoc.Emph(inlines(NOTE))})
  return meta
end

local function is_figure(block)
  return #block.content == 1 and block.content[1].t == "Image" and
         block.content[1].title:match("^fig:")
end

local function note_data(para)
  if not quick or not is_figure(para) then return nil end
  local caption = para.content[1].caption
  caption:extend({pandoc.Space(), pandoc.Emph(inlines(DATA_NOTE))})
  return para
end

-- []{.run-source chapter="08"} says which run a chapter's results come
-- from, in this build: "The figures and numbers come from the default
-- run with the reference solutions (`make run CH=08`, seed 1)", or from
-- a short run, or from the student's own run; the chapter's sentence
-- goes on from there.
local function run_source(span)
  if not span.classes:includes("run-source") then return nil end
  local chapter = span.attributes.chapter
  if not chapter then error("runs.lua: a run-source needs chapter=", 0) end
  local command = "make run CH=" .. chapter .. (quick and " QUICK=1" or "")
  local run = student and "your own run, with your code" or
              quick and "a short run with the reference solutions" or
              "the default run with the reference solutions"
  return inlines("The figures and numbers come from " .. run .. " (`" ..
                 command .. "`, seed 1)")
end

return {{Meta = read_meta}, {Para = note_data, Span = run_source}}
