-- figures.lua - numbers figures by chapter and resolves references.
--
-- A figure is an image alone in a paragraph with an id, ![...](f){#fig:x}.
-- The filter numbers figures 1.1, 1.2, ... within each numbered chapter
-- and turns a reference @fig:x into "Figure 1.2" (@sec:x into "Chapter 1"
-- or "Section 1.3"), linked. LaTeX numbers the figures and sections
-- itself, so there the reference becomes \ref; in HTML the filter also
-- puts "Figure 1.2:" in front of the caption. A reference to an id that
-- does not exist stops the build. Other citations, @key, are works of
-- book/references.bib: citeproc, which runs after this filter, formats them.

local labels = {}          -- id -> "Figure 1.2" / "Chapter 1" / ...
local chapter, figure, tables = 0, 0, 0
local section = {0, 0, 0}

local function is_figure(block)
  return block.t == "Para" and #block.content == 1 and
         block.content[1].t == "Image" and block.content[1].title:match("^fig:")
end

local function number_header(block)
  if block.classes:includes("unnumbered") then return end
  if block.level == 1 then
    chapter, figure, tables = chapter + 1, 0, 0
    section = {0, 0, 0}
    if block.identifier ~= "" then labels[block.identifier] = "Chapter " .. chapter end
  elseif block.level <= 4 then
    section[block.level - 1] = section[block.level - 1] + 1
    for l = block.level, 3 do section[l] = 0 end
    local parts = {tostring(chapter)}
    for l = 1, block.level - 1 do parts[#parts + 1] = tostring(section[l]) end
    if block.identifier ~= "" then
      labels[block.identifier] = "Section " .. table.concat(parts, ".")
    end
  end
end

local function number_figure(image)
  figure = figure + 1
  local label = string.format("Figure %d.%d", chapter, figure)
  if image.identifier == "" then return end
  labels[image.identifier] = label
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

local function scan(blocks)
  for _, block in ipairs(blocks) do
    if block.t == "Header" then
      number_header(block)
    elseif block.t == "Table" then
      number_table(block)
    elseif is_figure(block) then
      number_figure(block.content[1])
    elseif block.t == "Div" then
      scan(block.content)
    end
  end
end

local function reference(cite)
  local id = cite.citations[1].id
  if not (id:match("^fig:") or id:match("^sec:")) then return nil end
  local label = labels[id]
  if not label then error("figures.lua: reference to unknown id @" .. id, 0) end
  if FORMAT:match("latex") then
    local word = label:match("^(%a+)")
    return pandoc.RawInline("latex", word .. "~\\ref{" .. id .. "}")
  end
  return pandoc.Link({pandoc.Str(label)}, "#" .. id)
end

function Pandoc(doc)
  scan(doc.blocks)
  return doc:walk({Cite = reference})
end
