-- figures.lua - numbers figures and equations by chapter and resolves
-- references.
--
-- A figure is an image alone in a paragraph with an id, ![...](f){#fig:x}.
-- An equation is display math followed by an id,
--
--   $$
--   L = -\log p_y
--   $$ {#eq:x}
--
-- (the id on the closing line, or on the line after it; only equations
-- that the text refers to get an id: the others stay unnumbered).
-- The filter numbers figures 1.1, 1.2, ... and equations (1.1), (1.2),
-- ... within each numbered chapter, and turns a reference @fig:x into
-- "Figure 1.2", @eq:x into "Equation (1.2)" (@sec:x into "Chapter 1" or
-- "Section 1.3"), linked; [@eq:x; @eq:y] gives "Equations (1.2) and
-- (1.3)". LaTeX numbers the figures, sections and equations itself
-- (report class: (1.2), by chapter), so there a labelled equation
-- becomes an equation environment with \label and the reference becomes
-- \ref or \eqref. In HTML the filter puts "Figure 1.2:" in front of the
-- caption, and sets an equation's number at its right (a span.equation
-- holding the math and a span.eq-number, laid out by book.css). A
-- reference to an id that does not exist, an id defined twice, and an
-- {#eq:...} that does not follow display math (a typo that would
-- otherwise print in the book) stop the build.
-- Other citations, @key, are works of book/references.bib: citeproc,
-- which runs after this filter, formats them.

local labels = {}          -- id -> {word = "Figure", number = "1.2"}
local chapter, figure, tables, equation = 0, 0, 0, 0
local section = {0, 0, 0}

local function fail(message)
  error("figures.lua: " .. message, 0)
end

-- What the references got wrong, reported together once they are all
-- read (an error inside a walk would come wrapped in a stack trace).
local problems = {}

local function problem(message)
  problems[#problems + 1] = message
end

local function define(id, word, number)
  if labels[id] then fail("id #" .. id .. " is defined twice") end
  labels[id] = {word = word, number = number}
end

local function is_figure(block)
  return block.t == "Para" and #block.content == 1 and
         block.content[1].t == "Image" and block.content[1].title:match("^fig:")
end

local function number_header(block)
  if block.classes:includes("unnumbered") then return end
  if block.level == 1 then
    chapter, figure, tables, equation = chapter + 1, 0, 0, 0
    section = {0, 0, 0}
    if block.identifier ~= "" then define(block.identifier, "Chapter", tostring(chapter)) end
  elseif block.level <= 4 then
    section[block.level - 1] = section[block.level - 1] + 1
    for l = block.level, 3 do section[l] = 0 end
    local parts = {tostring(chapter)}
    for l = 1, block.level - 1 do parts[#parts + 1] = tostring(section[l]) end
    if block.identifier ~= "" then
      define(block.identifier, "Section", table.concat(parts, "."))
    end
  end
end

local function number_figure(image)
  figure = figure + 1
  local label = string.format("Figure %d.%d", chapter, figure)
  if image.identifier == "" then return end
  define(image.identifier, "Figure", string.format("%d.%d", chapter, figure))
  if not FORMAT:match("latex") then
    table.insert(image.caption, 1, pandoc.Strong({pandoc.Str(label .. ":")}))
    table.insert(image.caption, 2, pandoc.Space())
  end
end

-- Captioned tables are numbered too (LaTeX does it itself: only HTML
-- gets "Table 1.2:" put in front of the caption).
local function number_table(tbl)
  local caption = tbl.caption.long
  if #caption == 0 then return end
  tables = tables + 1
  if FORMAT:match("latex") then return end
  local label = pandoc.Strong({pandoc.Str(string.format("Table %d.%d:", chapter, tables))})
  if caption[1].t == "Plain" or caption[1].t == "Para" then
    table.insert(caption[1].content, 1, pandoc.Space())
    table.insert(caption[1].content, 1, label)
  end
end

-- The equation a display math element becomes once it has an id: in
-- LaTeX an equation environment (which numbers it as the filter does:
-- report class counts equations by chapter, and only labelled ones are
-- equation environments), elsewhere the math with its number beside it.
local function numbered_equation(math, id)
  equation = equation + 1
  -- Before the first chapter LaTeX prints no chapter part: (1), not (0.1).
  local number = chapter > 0 and string.format("%d.%d", chapter, equation)
                 or tostring(equation)
  define(id, "Equation", number)
  if FORMAT:match("latex") then
    return pandoc.RawInline("latex", "\\begin{equation}" .. math.text ..
                            "\\label{" .. id .. "}\\end{equation}")
  end
  return pandoc.Span({math, pandoc.Span({pandoc.Str("(" .. number .. ")")},
                                        {class = "eq-number"})},
                     {id = id, class = "equation"})
end

-- Display math followed (after a space or a line break) by {#eq:id}:
-- the math is numbered and the label taken out of the text.
local function number_equations(inlines)
  local result = pandoc.List({})
  local i = 1
  while i <= #inlines do
    local el = inlines[i]
    local j = i + 1
    if inlines[j] and (inlines[j].t == "Space" or inlines[j].t == "SoftBreak") then
      j = j + 1
    end
    local after = inlines[j]
    if el.t == "Math" and el.mathtype == "DisplayMath" and after and
       after.t == "Str" and after.text:match("^{#") then
      local id = after.text:match("^{#(eq:[%w_%-]+)}$")
      if not id then
        fail("display math is followed by " .. after.text ..
             ": only an id {#eq:name} (letters, digits, - and _) can label it")
      end
      result:insert(numbered_equation(el, id))
      i = j + 1
    else
      result:insert(el)
      i = i + 1
    end
  end
  return result
end

local function scan(blocks)
  for _, block in ipairs(blocks) do
    if block.t == "Header" then
      number_header(block)
    elseif block.t == "Table" then
      number_table(block)
    elseif is_figure(block) then
      number_figure(block.content[1])
    elseif block.t == "Para" or block.t == "Plain" then
      block.content = number_equations(block.content)
    elseif block.t == "Div" or block.t == "BlockQuote" then
      scan(block.content)
    elseif block.t == "BulletList" or block.t == "OrderedList" then
      for _, item in ipairs(block.content) do scan(item) end
    end
  end
end

local KINDS = {fig = true, sec = true, eq = true}

-- "1.2 and 1.3", "1.2, 1.3 and 1.4": the numbers of a list of references.
local function join(parts, sep, last)
  local result = {}
  for k, part in ipairs(parts) do
    if k > 1 then result[#result + 1] = (k == #parts) and last or sep end
    result[#result + 1] = part
  end
  return result
end

local function reference(cite)
  local ids, ours = {}, 0
  for _, citation in ipairs(cite.citations) do
    ids[#ids + 1] = citation.id
    if KINDS[citation.id:match("^(%a+):") or ""] then ours = ours + 1 end
  end
  if ours == 0 then return nil end
  local list = "[@" .. table.concat(ids, "; @") .. "]"
  if ours < #ids then return problem(list .. " mixes references with citations") end
  local word
  for _, id in ipairs(ids) do
    local label = labels[id]
    if not label then return problem("reference to unknown id @" .. id) end
    if word and label.word ~= word then
      return problem(list .. " mixes a " .. word .. " and a " .. label.word ..
                     ": refer to them one by one")
    end
    word = label.word
  end
  if #ids > 1 then word = word .. "s" end
  local latex = FORMAT:match("latex")
  local numbers = {}
  for _, id in ipairs(ids) do
    local number = labels[id].number
    if latex then
      numbers[#numbers + 1] = (id:match("^eq:") and "\\eqref{" or "\\ref{") .. id .. "}"
    else
      if id:match("^eq:") then number = "(" .. number .. ")" end
      numbers[#numbers + 1] = number
    end
  end
  if latex then
    return pandoc.RawInline("latex", word .. "~" ..
                            table.concat(join(numbers, ", ", " and~")))
  end
  if #ids == 1 then
    return pandoc.Link({pandoc.Str(word .. " " .. numbers[1])}, "#" .. ids[1])
  end
  local links = {}
  for k, number in ipairs(numbers) do
    links[k] = pandoc.Link({pandoc.Str(number)}, "#" .. ids[k])
  end
  local result = pandoc.List({pandoc.Str(word), pandoc.Space()})
  for _, part in ipairs(join(links, ", ", " and ")) do
    if type(part) == "string" then
      result:extend(pandoc.Inlines(part))
    else
      result:insert(part)
    end
  end
  return result
end

-- An {#eq:...} still in the text did not follow display math.
local function stray_label(str)
  if str.text:match("{#eq:") then
    problem(str.text .. " follows no display math: write $$ ... $$ {#eq:name}")
  end
end

function Pandoc(doc)
  scan(doc.blocks)
  doc = doc:walk({Cite = reference, Str = stray_label})
  if #problems > 0 then fail(table.concat(problems, "\nfigures.lua: ")) end
  return doc
end
