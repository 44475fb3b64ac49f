from jingwang.cli import main

main()
