"""coursepick's scraper: MIT's catalog pages or Hydrant's term JSON in, a `Catalog` out."""
