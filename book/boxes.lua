-- boxes.lua - exercise boxes.
--
--   ::: {.exercise title="Exercise ch01.1: dense_forward (7 points)"}
--   ...
--   :::
--
-- becomes a framed box with a bold title: the LaTeX environment
-- exercisebox (book/header.tex) in the PDF, a styled div in HTML.

local function latex_escape(text)
  return (text:gsub("[\\{}_&%%$#^~]", function (c)
    if c == "\\" then return "\\textbackslash{}" end
    if c == "^" or c == "~" then return "\\" .. c .. "{}" end
    return "\\" .. c
  end))
end

function Div(div)
  if not div.classes:includes("exercise") then return nil end
  local title = div.attributes.title or "Exercise"
  if FORMAT:match("latex") then
    local blocks = {pandoc.RawBlock("latex",
      "\\begin{exercisebox}{" .. latex_escape(title) .. "}")}
    for _, block in ipairs(div.content) do blocks[#blocks + 1] = block end
    blocks[#blocks + 1] = pandoc.RawBlock("latex", "\\end{exercisebox}")
    return blocks
  end
  table.insert(div.content, 1, pandoc.Div({pandoc.Plain({pandoc.Str(title)})},
                                          pandoc.Attr("", {"exercise-title"})))
  div.attributes.title = nil
  return div
end
