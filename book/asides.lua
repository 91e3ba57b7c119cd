-- asides.lua - design notes: the engineering beside the main line.
--
--   ::: {.design-note title="How the product kernel is fast"}
--   ...
--   :::
--
-- becomes a marked aside titled "Design note: How the product kernel is
-- fast": the LaTeX environment designnote (book/header.tex), between two
-- grey rules, which may run over pages, in the PDF; an <aside> with a
-- grey bar in HTML.
-- Performance engineering (tiling, packing, vectorising, the numerical
-- methods behind a result) goes in design notes, so that the main line
-- of each chapter stays on representations and a reader can skip them.

local function fail(message)
  error("asides.lua: " .. message, 0)
end

local function design_note(div)
  if not div.classes:includes("design-note") then return nil end
  local title = div.attributes.title
  if not title or title == "" then fail("a design note needs a title") end
  local heading = pandoc.Inlines("Design note: " .. title)
  local open, close = '<aside class="design-note">', "</aside>"
  local format = "html"
  if FORMAT:match("latex") then
    open, close, format = "\\begin{designnote}", "\\end{designnote}", "latex"
  end
  local blocks = pandoc.List({pandoc.RawBlock(format, open),
                              pandoc.Para({pandoc.Strong(heading)})})
  blocks:extend(div.content)
  blocks:insert(pandoc.RawBlock(format, close))
  return blocks
end

return {{Div = design_note}}
