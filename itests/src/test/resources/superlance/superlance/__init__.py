# superlance package
